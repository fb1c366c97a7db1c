// The built bundle (dist/lambda.mjs, what dist/lambda.zip holds) loads in a fresh Node process
// like Lambda's, reads the JWT secret from SSM once, and answers an API Gateway v2 HTTP event
// against DynamoDB Local.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTokens } from '@chat/auth';
import { createTestDb } from '@chat/db/testing';
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

function httpEvent(method: string, path: string, body?: unknown, sourceIp = '192.0.2.1') {
  return {
    version: '2.0',
    routeKey: 'ANY /trpc/{proxy+}',
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'abc123.execute-api.us-east-1.amazonaws.com' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp, userAgent: 'bundle-test' },
      requestId: 'req-1',
      routeKey: 'ANY /trpc/{proxy+}',
      stage: '$default',
      time: '25/Nov/2026:19:00:00 +0000',
      timeEpoch: Date.now(),
    },
    pathParameters: { proxy: path.replace(/^\/trpc\//, '') },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  };
}

test('the api bundle signs up a user through an HTTP API event, with the secret read from SSM', async () => {
  const db = await createTestDb(testDynamoEndpoint());
  const user = { email: 'bundle@example.com', password: 'correct horse', username: 'bundler' };
  const [signup] = (await invokeBundle(bundle, [httpEvent('POST', '/trpc/auth.signup', user)], {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    DYNAMODB_ENDPOINT: testDynamoEndpoint(),
    USERS_TABLE: db.names.users,
    MESSAGES_TABLE: db.names.messages,
    CONNECTIONS_TABLE: db.names.connections,
    JWT_SECRET_PARAMETER: parameterName,
    CORS_ORIGINS: 'https://d111111abcdef8.cloudfront.net',
  })) as { statusCode: number; body: string }[];

  expect(signup?.statusCode, signup?.body).toBe(200);
  const data = JSON.parse(signup!.body).result.data as { token: string; user: { username: string } };
  expect(data.user.username).toBe('bundler');
  // The token was signed with the key from SSM, read once and decrypted.
  const tokens = createTokens({ secret, ttlSeconds: 60 });
  expect(await tokens.verify(data.token)).toMatchObject({ username: 'bundler' });
  expect(ssm.requests).toEqual([{ target: 'AmazonSSM.GetParameter', name: parameterName, withDecryption: true }]);
  db.client.destroy();
});

test('on Lambda the throttles count by the event’s requestContext.http.sourceIp', async () => {
  const db = await createTestDb(testDynamoEndpoint());
  const account = (i: number) => ({ email: `ip${i}@example.com`, password: 'correct horse', username: `ip_user${i}` });
  const events = [
    ...Array.from({ length: 6 }, (_, i) => httpEvent('POST', '/trpc/auth.signup', account(i), '198.51.100.20')),
    httpEvent('POST', '/trpc/auth.signup', account(6), '198.51.100.21'),
  ];
  const answers = (await invokeBundle(bundle, events, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    DYNAMODB_ENDPOINT: testDynamoEndpoint(),
    USERS_TABLE: db.names.users,
    MESSAGES_TABLE: db.names.messages,
    CONNECTIONS_TABLE: db.names.connections,
    JWT_SECRET_PARAMETER: parameterName,
    CORS_ORIGINS: 'https://d111111abcdef8.cloudfront.net',
  })) as { statusCode: number; body: string }[];
  expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200, 429, 200]);
  expect(JSON.parse(answers[5]!.body).error.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterMs: expect.any(Number) });
  db.client.destroy();
});

test(`the zip is within the ${BUDGET_BYTES / 1024} KB budget`, () => {
  expect(statSync(new URL('../dist/lambda.zip', import.meta.url)).size).toBeLessThanOrEqual(BUDGET_BYTES);
});
