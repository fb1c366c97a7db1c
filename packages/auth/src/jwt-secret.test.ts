// loadJwtSecret against a local stand-in for SSM Parameter Store that speaks its JSON 1.1
// protocol; the official SSM client sends the requests.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { loadJwtSecret } from './jwt-secret.ts';

const region = 'eu-west-1';
const secret = 'the-key-that-is-at-least-32-bytes-long!';
const parameters = new Map([
  ['/chat/jwt-secret', secret],
  ['/chat/empty', ''],
]);

interface Seen {
  headers: IncomingHttpHeaders;
  body: { Name?: string; WithDecryption?: boolean };
}
const seen: Seen[] = [];
/** Answers to give before the real one, e.g. a 5xx. */
const failures: { status: number; body: string }[] = [];

let server: Server;
let endpoint: string;

beforeAll(async () => {
  // The SDK's default chain finds these first, and no file outside the repository is read.
  const noFile = fileURLToPath(new URL('./no-aws-config-here', import.meta.url));
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
  vi.stubEnv('AWS_SESSION_TOKEN', 'session-token');
  vi.stubEnv('AWS_CONFIG_FILE', noFile);
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', noFile);
  vi.stubEnv('AWS_PROFILE', undefined);

  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Seen['body'] = {};
      try {
        body = JSON.parse(text) as Seen['body'];
      } catch {
        // recorded as {}: the assertions on the body then fail
      }
      seen.push({ headers: req.headers, body });
      const answer = (status: number, payload: string) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(payload);
      };
      const failure = failures.shift();
      if (failure) return answer(failure.status, failure.body);
      if (req.headers['x-amz-target'] !== 'AmazonSSM.GetParameter') {
        return answer(400, JSON.stringify({ __type: 'InvalidAction', message: String(req.headers['x-amz-target']) }));
      }
      const value = parameters.get(body.Name ?? '');
      if (value === undefined) return answer(400, JSON.stringify({ __type: 'com.amazonaws.ssm#ParameterNotFound', message: '' }));
      answer(200, JSON.stringify({ Parameter: { Name: body.Name, Type: 'SecureString', Value: value, Version: 1, DataType: 'text' } }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const fromSsm = (name: string) => ({ JWT_SECRET_PARAMETER: name, AWS_REGION: region, AWS_ENDPOINT_URL_SSM: endpoint });

describe('loadJwtSecret from SSM', () => {
  test('reads the parameter decrypted, in one SigV4-signed GetParameter', async () => {
    seen.length = 0;
    expect(await loadJwtSecret(fromSsm('/chat/jwt-secret'))).toBe(secret);
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request!.body).toEqual({ Name: '/chat/jwt-secret', WithDecryption: true });
    expect(request!.headers['x-amz-target']).toBe('AmazonSSM.GetParameter');
    expect(request!.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(request!.headers.authorization).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/${region}/ssm/aws4_request, SignedHeaders=[^,]*x-amz-target[^,]*, Signature=[0-9a-f]{64}$`),
    );
    expect(request!.headers['x-amz-security-token']).toBe('session-token');
  });

  test('a missing parameter fails with a message naming it', async () => {
    await expect(loadJwtSecret(fromSsm('/chat/nope'))).rejects.toThrow('SSM parameter /chat/nope (JWT_SECRET_PARAMETER) does not exist');
  });

  test('an empty value fails', async () => {
    await expect(loadJwtSecret(fromSsm('/chat/empty'))).rejects.toThrow('SSM parameter /chat/empty (JWT_SECRET_PARAMETER) is empty');
  });

  test('any other error names the parameter and SSM’s reason, never a value', async () => {
    failures.push({ status: 400, body: JSON.stringify({ __type: 'AccessDeniedException', message: 'not authorized to perform: ssm:GetParameter' }) });
    const error = (await loadJwtSecret(fromSsm('/chat/jwt-secret')).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      'Could not read SSM parameter /chat/jwt-secret (JWT_SECRET_PARAMETER): AccessDeniedException: not authorized to perform: ssm:GetParameter',
    );
    expect(error.message).not.toContain(secret);
  });

  test('a 5xx is retried by the client', async () => {
    seen.length = 0;
    failures.push({ status: 503, body: 'unavailable' });
    expect(await loadJwtSecret(fromSsm('/chat/jwt-secret'))).toBe(secret);
    expect(seen).toHaveLength(2);
  });

  test('an answer that is not JSON is a clear error, not a crash', async () => {
    failures.push({ status: 200, body: '<html>not ssm</html>' });
    await expect(loadJwtSecret(fromSsm('/chat/jwt-secret'))).rejects.toThrow(/^Could not read SSM parameter \/chat\/jwt-secret/);
  });
});

describe('loadJwtSecret without SSM', () => {
  test('JWT_SECRET as is, without asking SSM', async () => {
    const read = () => Promise.reject(new Error('must not be called'));
    expect(await loadJwtSecret({ JWT_SECRET: 'local', AWS_REGION: region }, read)).toBe('local');
  });

  test('neither variable is an error', async () => {
    await expect(loadJwtSecret({ AWS_REGION: region })).rejects.toThrow('Set JWT_SECRET or JWT_SECRET_PARAMETER');
  });
});
