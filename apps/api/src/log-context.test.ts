// The api's log lines: each request's carry its Lambda request id and tRPC path, and nothing
// of one request reaches the next; a sampled share of requests logs at DEBUG.
import { Hono } from 'hono';
import { afterEach, expect, test, vi } from 'vitest';
import { lambdaRequestContext } from './log-context.ts';
import { createTestApp } from './testing.ts';

type LogLine = Record<string, unknown> & { level: string; message: string };

/** The JSON lines Powertools prints during `run` (it writes to process.stdout and process.stderr itself). */
async function printedDuring(run: () => Promise<unknown>): Promise<LogLine[]> {
  const spies = (['stdout', 'stderr'] as const).map((name) => vi.spyOn(process[name], 'write'));
  try {
    await run();
    return spies
      .flatMap((spy) => spy.mock.calls.map(([chunk]) => String(chunk)))
      .flatMap((text) => text.split('\n'))
      .filter((line) => line.startsWith('{"level"'))
      .map((line) => JSON.parse(line) as LogLine);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

const lambdaContext = (awsRequestId: string) => ({ lambdaContext: { awsRequestId, functionName: 'chat-api', memoryLimitInMB: '1024' } });

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

test('a request logs with its request id and tRPC path; the next request starts without them; the password stays out', async () => {
  const { app } = await createTestApp({ requestContext: lambdaRequestContext });
  const login = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@example.com', password: 'wrong wrong' }) };
  const lines = await printedDuring(async () => {
    expect((await app.request('/trpc/auth.login', login, lambdaContext('request-one'))).status).toBe(401);
    expect((await app.request('/health', {}, lambdaContext('request-two'))).status).toBe(200);
  });
  const first = lines.filter((l) => l.function_request_id === 'request-one');
  expect(first.map((l) => l.message)).toEqual(['procedure refused', 'request answered']);
  for (const line of first) expect(line).toMatchObject({ service: 'chat-api', path: 'auth.login' });
  expect(first[1]).toMatchObject({ level: 'DEBUG', status: 401 });
  const second = lines.filter((l) => l.function_request_id === 'request-two');
  expect(second).toEqual([expect.objectContaining({ message: 'request answered', path: '/health', status: 200 })]);
  expect(JSON.stringify(lines)).not.toMatch(/wrong wrong|nobody@example\.com/);
});

/** A fresh logger module with these variables, behind the middleware, at INFO. */
async function sampledApp(sampleRate: string) {
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
  vi.stubEnv('POWERTOOLS_LOGGER_SAMPLE_RATE', sampleRate);
  vi.resetModules();
  const { logContext } = await import('./log-context.ts');
  return new Hono().use(logContext()).get('/ping', (c) => c.text('pong'));
}

test('sampled debug: with POWERTOOLS_LOGGER_SAMPLE_RATE=1 every request logs at DEBUG, with 0 none does', async () => {
  const always = await sampledApp('1');
  const sampled = await printedDuring(async () => {
    for (let i = 0; i < 3; i++) await always.request('/ping');
  });
  expect(sampled.filter((l) => l.message === 'request answered')).toHaveLength(3);
  expect(sampled.every((l) => l.sampling_rate === 1)).toBe(true);

  const never = await sampledApp('0');
  const quiet = await printedDuring(async () => {
    for (let i = 0; i < 3; i++) await never.request('/ping');
  });
  expect(quiet.filter((l) => l.level === 'DEBUG')).toEqual([]);
});
