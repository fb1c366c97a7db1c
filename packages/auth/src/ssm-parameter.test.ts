// getSecureParameter against a local stand-in for SSM that checks SigV4 signatures. The checker
// is proven on requests from the official @aws-sdk/client-ssm first, so a request of ours that
// passes it is signed the way SSM expects.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadJwtSecret } from './jwt-secret.ts';
import { getSecureParameter, ssmEndpoint, SsmError } from './ssm-parameter.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token' };
const region = 'eu-west-1';
const parameters = new Map([['/chat/jwt-secret', 'the-key-that-is-at-least-32-bytes-long!']]);

interface Seen {
  target: string | undefined;
  contentType: string | undefined;
  body: unknown;
  signatureValid: boolean;
  signedHeaders: string[];
}
const seen: Seen[] = [];
/** Answers to give before the real one, e.g. a throttle. */
const failures: { status: number; body: string }[] = [];

/** Recomputes the request's signature from what arrived, with the same key and time. */
async function verify(req: IncomingMessage, body: string): Promise<{ valid: boolean; signedHeaders: string[] }> {
  const authorization = req.headers.authorization ?? '';
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  const amzDate = String(req.headers['x-amz-date']);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) headers[name] = String(req.headers[name]);
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const expected = await new SignatureV4({ service: 'ssm', region, credentials, sha256: Hash.bind(null, 'sha256') }).sign(
    { method: req.method ?? 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers, body },
    { signingDate },
  );
  return { valid: expected.headers.authorization === authorization, signedHeaders };
}

let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const { valid, signedHeaders } = await verify(req, body);
      const input = JSON.parse(body) as { Name: string; WithDecryption?: boolean };
      seen.push({
        target: req.headers['x-amz-target'] as string | undefined,
        contentType: req.headers['content-type'],
        body: input,
        signatureValid: valid,
        signedHeaders,
      });
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      const failure = failures.shift();
      if (failure) {
        res.statusCode = failure.status;
        res.end(failure.body);
      } else if (!valid) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'InvalidSignatureException', message: 'The request signature we calculated does not match' }));
      } else if (!parameters.has(input.Name)) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'ParameterNotFound', message: '' }));
      } else {
        res.end(JSON.stringify({ Parameter: { Name: input.Name, Type: 'SecureString', Value: parameters.get(input.Name), Version: 1 } }));
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('getSecureParameter', () => {
  test('the stand-in accepts the official SDK client and refuses a wrong key', async () => {
    const official = new SSMClient({ region, endpoint, credentials });
    const answer = await official.send(new GetParameterCommand({ Name: '/chat/jwt-secret', WithDecryption: true }));
    expect(answer.Parameter?.Value).toBe(parameters.get('/chat/jwt-secret'));
    expect(seen.at(-1)?.signatureValid).toBe(true);

    const forged = new SSMClient({ region, endpoint, credentials: { ...credentials, secretAccessKey: 'not-the-key' }, maxAttempts: 1 });
    await expect(forged.send(new GetParameterCommand({ Name: '/chat/jwt-secret', WithDecryption: true }))).rejects.toThrow(/signature/);
    expect(seen.at(-1)?.signatureValid).toBe(false);
  });

  test('reads and decrypts a parameter with a request SSM accepts, as the SDK sends it', async () => {
    seen.length = 0;
    const official = new SSMClient({ region, endpoint, credentials });
    await official.send(new GetParameterCommand({ Name: '/chat/jwt-secret', WithDecryption: true }));
    const value = await getSecureParameter('/chat/jwt-secret', { region, endpoint, credentials });
    expect(value).toBe(parameters.get('/chat/jwt-secret'));
    const [sdk, ours] = seen;
    expect(ours).toMatchObject({ signatureValid: true, target: sdk!.target, contentType: sdk!.contentType, body: sdk!.body });
    expect(ours!.signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token', 'x-amz-target']));
  });

  test('a missing parameter is an SsmError naming it; nothing is retried', async () => {
    seen.length = 0;
    const error = await getSecureParameter('/chat/nope', { region, endpoint, credentials }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SsmError);
    expect(error).toMatchObject({ type: 'ParameterNotFound', status: 400, message: expect.stringContaining('/chat/nope') });
    expect(seen).toHaveLength(1);
  });

  test('a throttle or a 5xx is retried, signed anew', async () => {
    seen.length = 0;
    failures.push({ status: 400, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) });
    failures.push({ status: 503, body: 'unavailable' });
    expect(await getSecureParameter('/chat/jwt-secret', { region, endpoint, credentials })).toBe(parameters.get('/chat/jwt-secret'));
    expect(seen.map((s) => s.signatureValid)).toEqual([true, true, true]);

    failures.push(...Array.from({ length: 3 }, () => ({ status: 500, body: '{}' })));
    await expect(getSecureParameter('/chat/jwt-secret', { region, endpoint, credentials })).rejects.toThrow(/HTTP 500/);
  });

  test('an endpoint that does not answer fails with the cause, after its attempts', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(
      getSecureParameter('/chat/jwt-secret', { region, endpoint: `http://127.0.0.1:${port}`, credentials, maxAttempts: 2 }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});

test('the regional endpoint, China included', () => {
  expect(ssmEndpoint('eu-west-1')).toBe('https://ssm.eu-west-1.amazonaws.com');
  expect(ssmEndpoint('us-gov-west-1')).toBe('https://ssm.us-gov-west-1.amazonaws.com');
  expect(ssmEndpoint('cn-north-1')).toBe('https://ssm.cn-north-1.amazonaws.com.cn');
});

describe('loadJwtSecret', () => {
  test('JWT_SECRET as is, without asking SSM', async () => {
    const read = () => Promise.reject(new Error('must not be called'));
    expect(await loadJwtSecret({ JWT_SECRET: 'local', AWS_REGION: region }, read)).toBe('local');
  });

  test('JWT_SECRET_PARAMETER through SSM; an empty value or neither variable is an error', async () => {
    expect(await loadJwtSecret({ JWT_SECRET_PARAMETER: '/chat/jwt-secret', AWS_REGION: region }, (name) => getSecureParameter(name, { region, endpoint, credentials }))).toBe(
      parameters.get('/chat/jwt-secret'),
    );
    await expect(loadJwtSecret({ JWT_SECRET_PARAMETER: '/x', AWS_REGION: region }, async () => '')).rejects.toThrow(/empty/);
    await expect(loadJwtSecret({ AWS_REGION: region })).rejects.toThrow(/JWT_SECRET/);
  });
});
