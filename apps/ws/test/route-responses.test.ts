// The answer to a frame of a two-way route (sendMessage, getMessages, joinRoom, $default) is the
// route's response, not a PostToConnection: counted here on the handler's poster, with the
// frames arriving on a real socket through the emulator as they would on AWS.
import type { ServerEvent } from '@chat/contract';
import { addMember, createRoom } from '@chat/db';
import { afterAll, expect, test } from 'vitest';
import { twoWayRouteKeys } from '../src/handler.ts';
import { actionBudgets } from '../src/user-limits.ts';
import type { Poster } from '../src/poster.ts';
import { startRealtime } from './harness.ts';

const stack = await startRealtime();
afterAll(() => stack.stop());

const answerTypes = new Set<ServerEvent['type']>(['ack', 'joined', 'messages', 'error']);

test('acks, pages, joins and every refusal come as route responses: no post answers a frame', async () => {
  expect([...twoWayRouteKeys].sort()).toEqual(['$default', 'getMessages', 'joinRoom', 'sendMessage']);
  const user = await stack.user('answered');
  const { id: roomId } = await createRoom(stack.db, { name: 'answered', createdBy: user.id, now: Date.now() });
  await addMember(stack.db, roomId, { id: user.id, username: user.username }, Date.now());
  const socket = await stack.connect(user.token);

  // Count what the handler posts that answers a frame (the stream's deliveries are `message`s).
  const poster: Poster = stack.deps.poster;
  const answerPosts: string[] = [];
  stack.deps.poster = {
    post: (connectionId, frame) => {
      const type = typeof frame === 'string' ? (JSON.parse(frame) as ServerEvent).type : frame.type;
      if (answerTypes.has(type)) answerPosts.push(type);
      return poster.post(connectionId, frame);
    },
    postToMany: (ids, frame) => poster.postToMany(ids, frame),
  };
  try {
    const sends = actionBudgets.sendMessage.burst + 10; // past the burst: some answered RATE_LIMITED
    for (let i = 0; i < sends; i++) socket.send({ action: 'sendMessage', id: `s${i}`, roomId, text: `hello ${i}`, clientMsgId: `c${i}` });
    socket.send({ action: 'sendMessage', id: 'bad', roomId, text: '' });
    socket.send({ action: 'joinRoom', id: 'join', roomId });
    socket.send({ action: 'joinRoom', id: 'nowhere', roomId: 'no-such-room' });
    socket.send({ action: 'getMessages', id: 'page', roomId, limit: 5 });
    socket.send({ action: 'shout', id: 'unknown' });
    socket.send('not json');
    const ids = [...Array.from({ length: sends }, (_, i) => `s${i}`), 'bad', 'join', 'nowhere', 'page', 'unknown'];
    const answers = await socket.waitFor((frames) => {
      const answered = frames.filter((f) => answerTypes.has(f.type));
      return answered.length >= ids.length + 1 && answered;
    });
    await stack.settled();

    // Each frame answered once, with its id.
    const byId = new Map<string, string[]>();
    for (const f of answers) {
      const id = String((f as { id?: string }).id);
      byId.set(id, [...(byId.get(id) ?? []), f.type]);
    }
    for (const id of ids) expect(byId.get(id), id).toHaveLength(1);
    const acked = ids.slice(0, sends).filter((id) => byId.get(id)![0] === 'ack').length;
    const limited = socket.ofType('error').filter((e) => e.code === 'RATE_LIMITED');
    expect(acked + limited.length).toBe(sends);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((e) => e.retryAfterMs! > 0 && e.clientMsgId?.startsWith('c'))).toBe(true);
    expect(byId.get('bad')).toEqual(['error']);
    expect(byId.get('join')).toEqual(['joined']);
    expect(byId.get('nowhere')).toEqual(['error']);
    expect(byId.get('page')).toEqual(['messages']);
    expect(socket.ofType('error').filter((e) => e.code === 'BAD_REQUEST' && e.id === undefined)).toHaveLength(1); // the one that is not JSON
    expect(answerPosts).toEqual([]);

    // The socket stays usable, and the stream still delivers the acked messages.
    const delivered = await socket.waitFor((frames) => {
      const n = new Set(frames.flatMap((f) => (f.type === 'message' ? [f.message.id] : f.type === 'messageBatch' ? f.messages.map((m) => m.id) : []))).size;
      return n >= acked && n;
    });
    expect(delivered).toBe(acked);
  } finally {
    stack.deps.poster = poster;
  }
});
