// The HTTP API's route and the api_url output (config.json's apiUrl) reach the api's tRPC
// procedures: the built bundle, run as Lambda runs it with the environment Terraform gives it
// (the key from an SSM stand-in), answers a procedure at that path, not a 404.
import { join } from 'node:path';
import { invokeBundle, startFakeSsm } from '@chat/lambda-bundle/testing';
import { afterAll, expect, test } from 'vitest';
import { block, loadTerraform, resource, resourcesOfType } from './config.ts';
import { evaluate, sampleVariables, zipPath } from './evaluate.ts';

const tf = await loadTerraform();
const fn = resource(tf, 'aws_lambda_function.api');
const env = block(fn, 'environment').variables as Record<string, string>;
const awsEnv = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, evaluate(tf, v)]));
const ssm = await startFakeSsm({ [awsEnv.JWT_SECRET_PARAMETER!]: `http-route-${crypto.randomUUID()}` });
afterAll(() => ssm.close());

const [[, route]] = resourcesOfType(tf, 'aws_apigatewayv2_route').filter(([, r]) => r.api_id === '${aws_apigatewayv2_api.http.id}') as [
  [string, Record<string, unknown>],
];
const routeKey = String(route.route_key);

/** `ANY /trpc/{proxy+}` -> does `path` select it (and what is its proxy parameter)? */
function match(path: string): { proxy: string } | undefined {
  const [method, pattern] = routeKey.split(' ');
  expect(method).toBe('ANY');
  const prefix = /^(.*\/)\{proxy\+\}$/.exec(pattern!)?.[1];
  expect(prefix, `route ${routeKey}`).toBeDefined();
  return path.startsWith(prefix!) && path.length > prefix!.length ? { proxy: path.slice(prefix!.length) } : undefined;
}

function httpEvent(path: string, proxy: string) {
  const domainName = new URL(evaluate(tf, '${aws_apigatewayv2_api.http.api_endpoint}')).host;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { host: domainName },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName,
      domainPrefix: 'abc123',
      http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'http-route-test' },
      requestId: 'req-1',
      routeKey,
      stage: String(resource(tf, 'aws_apigatewayv2_stage.http').name),
      time: '01/Dec/2026:10:00:00 +0000',
      timeEpoch: Date.now(),
    },
    pathParameters: { proxy },
    isBase64Encoded: false,
  };
}

test('a procedure under api_url selects the route, and the api function answers it as tRPC', async () => {
  const apiUrl = new URL(evaluate(tf, tf.outputs.get('api_url')?.value));
  const path = `${apiUrl.pathname}/auth.me`;
  const selected = match(path);
  expect(selected, `${path} does not select ${routeKey}`).toBeDefined();

  const [answer] = (await invokeBundle(join(zipPath(tf, fn.filename), '../lambda.mjs'), [httpEvent(path, selected!.proxy)], {
    ...awsEnv,
    AWS_REGION: sampleVariables.region!,
    AWS_ACCESS_KEY_ID: 'http-route-test',
    AWS_SECRET_ACCESS_KEY: 'http-route-test',
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
  })) as { statusCode: number; body: string }[];

  // auth.me without a token: the procedure exists and refuses, before any DynamoDB call.
  expect(answer?.statusCode, answer?.body).toBe(401);
  expect(JSON.parse(answer!.body)).toMatchObject({ error: { data: { code: 'UNAUTHORIZED', path: 'auth.me' } } });
});

test('a path beside api_url is not the api’s (the route does not select it)', () => {
  expect(match('/auth.me')).toBeUndefined();
  expect(match(`${new URL(evaluate(tf, tf.outputs.get('api_url')?.value)).pathname}/`)).toBeUndefined();
});
