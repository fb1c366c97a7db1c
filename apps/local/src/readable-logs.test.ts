import { Logger } from '@aws-lambda-powertools/logger';
import { expect, test, vi } from 'vitest';
import { readableLine } from './readable-logs.ts';

/** What a real Powertools Logger prints for one call, with a Lambda context added. */
function printed(log: (logger: Logger) => void): string {
  const logger = new Logger({ serviceName: 'chat-ws' });
  logger.addContext({ awsRequestId: '49547f9a-f43d-42a4-9489-7de3b7584bff', functionName: 'local-ws', memoryLimitInMB: '128' } as never);
  logger.appendKeys({ routeKey: 'sendMessage', connectionId: 'QmCBcyG9557DGVY=' });
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    log(logger);
    return String([...spy.mock.calls, ...out.mock.calls][0]![0]).trimEnd();
  } finally {
    spy.mockRestore();
    out.mockRestore();
  }
}

test('a Powertools line becomes time, level, service, message, its own keys, the error and the request id', () => {
  const line = printed((logger) => logger.error('action failed', { action: 'sendMessage', error: new Error('table gone') }));
  const readable = readableLine(line);
  expect(readable).toMatch(/^\d\d:\d\d:\d\d\.\d{3} {2}ERROR {2}chat-ws {2}action failed {2}routeKey=sendMessage {2}action=sendMessage {2}error=Error: table gone \(.+\) {2}req=49547f9a$/);
  expect(readable).not.toMatch(/function_arn|cold_start|sampling_rate|QmCBcyG9557DGVY=/);
});

test('connection ids when asked for; values with spaces quoted; objects as compact JSON', () => {
  const line = printed((logger) => logger.warn('route refused', { statusCode: 401, reason: 'no such ticket', counts: { a: 1 } }));
  expect(readableLine(line, { connectionIds: true })).toContain(
    'route refused  routeKey=sendMessage  connectionId=QmCBcyG9557DGVY=  statusCode=401  reason="no such ticket"  counts={"a":1}  req=49547f9a',
  );
});

test('any other line, or a broken one, is printed as it is', () => {
  for (const line of ['[chat] ready. Open http://localhost:5173 to chat.', '{"level":"INFO", cut off', '{"other":"json"}']) {
    expect(readableLine(line)).toBe(line);
  }
});
