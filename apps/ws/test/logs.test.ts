// The ws Lambda's log lines: each carries its invocation's request id, route key and connection
// id, and nothing of one invocation reaches the next, even while invocations run at once.
import type { Context } from 'aws-lambda';
import { afterAll, expect, test } from 'vitest';
import type { WebSocketEvent } from '../src/events.ts';
import { startRealtime } from './harness.ts';
import { recordLogLines } from './log-lines.ts';

const stack = await startRealtime();
afterAll(() => stack.stop());

const context = (awsRequestId: string) => ({ awsRequestId, functionName: 'chat-ws', memoryLimitInMB: '512' }) as Context;

test('a route invocation logs with its request id, route key and connection id; the next invocation starts without them', async () => {
  const log = recordLogLines();
  try {
    const event = { requestContext: { routeKey: '$default', connectionId: 'conn-one=', eventType: 'MESSAGE' }, body: '{nope' } as unknown as WebSocketEvent;
    await stack.handler(event as never, context('request-one') as never);
    await stack.handler({ Records: [] } as never, context('request-two') as never);
    const lines = log.lines();
    const first = lines.filter((l) => l.function_request_id === 'request-one');
    expect(first.map((l) => l.message)).toContain('route answered');
    for (const line of first) expect(line).toMatchObject({ service: 'chat-ws', routeKey: '$default', connectionId: 'conn-one=' });
    const second = lines.filter((l) => l.function_request_id === 'request-two');
    expect(second.map((l) => l.message)).toEqual(['stream batch delivered']);
    expect(second[0]).not.toHaveProperty('connectionId');
    expect(second[0]).not.toHaveProperty('routeKey');
  } finally {
    log.restore();
  }
});

test('invocations running at once through the emulator each keep their own keys', async () => {
  const [ann, bob] = await Promise.all([stack.user('logann'), stack.user('logbob')]);
  const log = recordLogLines();
  try {
    const sockets = await Promise.all([stack.connect(ann.token), stack.connect(bob.token)]);
    await stack.settled();
    const connectionIds = log
      .lines()
      .filter((l) => l.routeKey === '$connect')
      .map((l) => l.connectionId);
    expect(new Set(connectionIds).size).toBe(2);
    // Twenty pings at once, ten per socket: each reads the session and spends the budget in DynamoDB, so they overlap.
    for (let i = 0; i < 10; i++) for (const socket of sockets) socket.send({ action: 'ping', id: `p${i}` });
    const answered = (frames: object[]) => frames.filter((f) => 'id' in f && typeof f.id === 'string' && f.id.startsWith('p')).length === 10;
    await Promise.all(sockets.map((s) => s.waitFor(answered)));
    await stack.settled();
    const pings = log.lines().filter((l) => l.routeKey === 'ping' && l.message === 'route answered');
    expect(pings).toHaveLength(20);
    expect(new Set(pings.map((l) => l.function_request_id)).size).toBe(20);
    const perConnection = new Map<unknown, number>();
    for (const line of pings) perConnection.set(line.connectionId, (perConnection.get(line.connectionId) ?? 0) + 1);
    expect(Object.fromEntries(perConnection)).toEqual(Object.fromEntries(connectionIds.map((id) => [id, 10])));
  } finally {
    log.restore();
  }
});
