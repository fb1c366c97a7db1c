// For the apps' bundle tests: run a built bundle the way Lambda does (a fresh Node process that
// imports the .mjs and calls `handler`), and a stand-in for SSM Parameter Store.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

const RESULT_MARK = '\n@@lambda-bundle-result@@';

/**
 * Imports the bundle in a child Node process with exactly `env` (plus PATH), invokes
 * `handler` once per event, in order, in the same container, and answers what it returned.
 */
export function invokeBundle(bundlePath: string, events: readonly unknown[], env: Record<string, string>): Promise<unknown[]> {
  const script = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(bundlePath).href)});
    const context = { awsRequestId: 'bundle-test', functionName: 'bundle-test', getRemainingTimeInMillis: () => 30000 };
    const results = [];
    // As nodejs24.x calls it: (event, context) and a promise; callback-style handlers are gone.
    if (typeof handler !== 'function' || handler.length > 2) throw new Error('handler must be async (event, context), not callback-style');
    for (const event of JSON.parse(process.env.BUNDLE_TEST_EVENTS)) {
      const answer = handler(event, context);
      if (!(answer instanceof Promise)) throw new Error('handler returned no promise: nodejs24.x awaits it');
      results.push(await answer);
    }
    process.stdout.write(${JSON.stringify(RESULT_MARK)} + JSON.stringify(results));`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', script],
      { env: { PATH: process.env.PATH ?? '', ...env, BUNDLE_TEST_EVENTS: JSON.stringify(events) }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const at = stdout.lastIndexOf(RESULT_MARK);
        if (error || at < 0) {
          reject(new Error(`bundle ${bundlePath} failed: ${error?.message ?? 'no result'}\n${stderr}\n${stdout}`));
          return;
        }
        resolve(JSON.parse(stdout.slice(at + RESULT_MARK.length)) as unknown[]);
      },
    );
  });
}

export interface FakeSsm {
  /** For AWS_ENDPOINT_URL_SSM. */
  endpoint: string;
  requests: { target: string; name: string; withDecryption: boolean }[];
  close(): Promise<void>;
}

/** Answers SSM's GetParameter (JSON 1.1 protocol) from `parameters`; anything else is a 400. */
export async function startFakeSsm(parameters: Record<string, string>): Promise<FakeSsm> {
  const requests: FakeSsm['requests'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const input = JSON.parse(body || '{}') as { Name?: string; WithDecryption?: boolean };
      const name = input.Name ?? '';
      requests.push({ target, name, withDecryption: input.WithDecryption === true });
      const value = parameters[name];
      const answer = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      };
      if (target !== 'AmazonSSM.GetParameter') return answer(400, { __type: 'InvalidAction', message: target });
      if (value === undefined) return answer(400, { __type: 'ParameterNotFound', message: name });
      answer(200, {
        Parameter: {
          Name: name,
          Type: 'SecureString',
          Value: value,
          Version: 1,
          DataType: 'text',
          ARN: `arn:aws:ssm:us-east-1:123456789012:parameter${name.startsWith('/') ? '' : '/'}${name}`,
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
