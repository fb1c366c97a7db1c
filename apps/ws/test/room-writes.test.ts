// A burst of sends to one room, from several sockets at once, through one container: each
// message takes the room's next seq with a single transaction (no collisions on the counter).
// Transactions are counted on the handler's own DynamoDB client; nothing is timed.
import { addMember, createRoom } from '@chat/db';
import { afterAll, expect, test } from 'vitest';
import { startRealtime } from './harness.ts';

const stack = await startRealtime();
afterAll(() => stack.stop());

let transactions = 0;
stack.deps.db.client.middlewareStack.add(
  (next, context) => async (args) => {
    if (context.commandName === 'TransactWriteItemsCommand') transactions++;
    return next(args);
  },
  { step: 'initialize', name: 'countTransactions' },
);

test('20 sends at once to one room from 10 sockets: 20 transactions, seqs 1 to 20 without a gap', async () => {
  const users = await Promise.all(Array.from({ length: 10 }, (_, i) => stack.user(`burst${i}`)));
  const room = await createRoom(stack.db, { name: 'burst', createdBy: users[0]!.id, now: Date.now() });
  await Promise.all(users.map((u) => addMember(stack.db, room.id, { id: u.id, username: u.username }, Date.now())));
  const sockets = await Promise.all(users.map((u) => stack.connect(u.token)));
  await stack.settled();
  transactions = 0;

  sockets.forEach((socket, s) => {
    for (let i = 0; i < 2; i++) socket.send({ action: 'sendMessage', roomId: room.id, text: `burst ${s}/${i}`, clientMsgId: `burst-${s}-${i}` });
  });
  const acks = (await Promise.all(sockets.map((socket) => socket.waitFor((frames) => {
    const mine = frames.filter((f) => f.type === 'ack');
    return mine.length === 2 && mine;
  })))).flat();

  expect(acks.map((a) => (a.type === 'ack' ? a.message.seq : 0)).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  expect(transactions).toBe(20);
});
