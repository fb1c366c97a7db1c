// The built bundle (dist/lambda.mjs, what dist/lambda.zip holds) loads in a fresh Node process
// like Lambda's, reads the JWT secret from SSM once, and answers $connect events against
// DynamoDB Local: 401 for a bad token, 200 and a stored connection for a good one.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTokens } from '@chat/auth';
import { getConnection } from '@chat/db';
import { createTestDb } from '@chat/db/testing';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { BUDGET_BYTES } from '@chat/lambda-bundle';
import { invokeBundle, startFakeSsm } from '@chat/lambda-bundle/testing';
import { localCredentials } from '@chat/local-runtime';
import { testDynamoEndpoint } from '@chat/local-runtime/vitest';
import { afterAll, beforeAll, expect, test } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const bundle = fileURLToPath(new URL('../dist/lambda.mjs', import.meta.url));
const secret = `bundle-test-${crypto.randomUUID()}`;
const parameterName = '/chat/test/jwt-secret';
const ssm = await startFakeSsm({ [parameterName]: secret });
afterAll(() => ssm.close());

beforeAll(() => {
  execFileSync('npm', ['run', 'build'], { cwd: appDir, stdio: 'pipe' });
}, 60_000);

/** Shaped like packages/local-runtime/fixtures/aws-events/websocket-connect.json. */
function connectEvent(connectionId: string, token: string) {
  const host = 'abcdef123.execute-api.us-east-1.amazonaws.com';
  return {
    headers: { Connection: 'upgrade', Host: host, Upgrade: 'websocket' },
    multiValueHeaders: { Connection: ['upgrade'], Host: [host], Upgrade: ['websocket'] },
    queryStringParameters: { token },
    multiValueQueryStringParameters: { token: [token] },
    requestContext: {
      routeKey: '$connect',
      eventType: 'CONNECT',
      extendedRequestId: 'XYZ123=',
      requestTime: '25/Nov/2026:19:00:00 +0000',
      messageDirection: 'IN',
      stage: 'live',
      connectedAt: Date.now(),
      requestTimeEpoch: Date.now(),
      identity: { sourceIp: '192.0.2.1' },
      requestId: 'abc123',
      domainName: host,
      connectionId,
      apiId: 'abcdef123',
    },
    isBase64Encoded: false,
  };
}

test('the ws bundle refuses a bad token with 401 and registers a good one, with the secret read from SSM', async () => {
  const db = await createTestDb(testDynamoEndpoint());
  // A token of a user that does not exist is refused: this one does.
  await db.entities.User.build(PutItemCommand)
    .item({ id: 'u-bundle', email: 'bundler@example.com', username: 'bundler', passwordHash: '-', createdAt: Date.now() })
    .send();
  const good = await createTokens({ secret, ttlSeconds: 60 }).issue({ id: 'u-bundle', username: 'bundler' });
  const forged = await createTokens({ secret: 'another-secret-that-is-at-least-32-bytes', ttlSeconds: 60 }).issue({
    id: 'u-bundle',
    username: 'bundler',
  });
  const results = (await invokeBundle(
    bundle,
    [connectEvent('conn-bad=', 'not-a-jwt'), connectEvent('conn-forged=', forged), connectEvent('conn-good=', good)],
    {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_SSM: ssm.endpoint,
      DYNAMODB_ENDPOINT: testDynamoEndpoint(),
      USERS_TABLE: db.names.users,
      MESSAGES_TABLE: db.names.messages,
      CONNECTIONS_TABLE: db.names.connections,
      JWT_SECRET_PARAMETER: parameterName,
      WS_MANAGEMENT_ENDPOINT: 'https://abcdef123.execute-api.us-east-1.amazonaws.com/live',
    },
  )) as { statusCode: number }[];

  expect(results.map((r) => r.statusCode)).toEqual([401, 401, 200]);
  expect(await getConnection(db, 'conn-good=')).toMatchObject({ userId: 'u-bundle', username: 'bundler' });
  expect(await getConnection(db, 'conn-bad=')).toBeUndefined();
  expect(ssm.requests).toEqual([{ target: 'AmazonSSM.GetParameter', name: parameterName, withDecryption: true }]);
  db.client.destroy();
});

test(`the zip is within the ${BUDGET_BYTES / 1024} KB budget`, () => {
  expect(statSync(new URL('../dist/lambda.zip', import.meta.url)).size).toBeLessThanOrEqual(BUDGET_BYTES);
});
