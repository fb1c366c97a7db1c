import type { Message, Principal } from '@chat/contract';
import { limits, unchangedMessageFields } from '@chat/contract';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { BatchWriteCommand, execute } from 'dynamodb-toolbox/table/actions/batchWrite';
import { monotonicFactory } from 'ulid';
import { expect, test } from 'vitest';
import { deleteMessage, editMessage, reactToMessage } from './message-changes.ts';
import { getMessageItem, putMessage, toMessageItem } from './messages.ts';
import { createTestDb } from './testing.ts';
import { countUnread } from './unread.ts';
import { createUser } from './users.ts';

const db = await createTestDb();
const ulid = monotonicFactory();
const ann: Principal = { id: 'u-ann', username: 'ann' };
const bob: Principal = { id: 'u-bob', username: 'bob' };
await createUser(db, { id: ann.id, email: 'ann@example.com', username: ann.username, passwordHash: 'h', createdAt: 1 });
await createUser(db, { id: bob.id, email: 'bob@example.com', username: bob.username, passwordHash: 'h', createdAt: 1 });

let sent = 0;
async function send(roomId: string, user: Principal, text: string, replyTo?: string): Promise<Message> {
  const draft = { id: ulid(), roomId, userId: user.id, username: user.username, text, createdAt: Date.now(), clientMsgId: `c${++sent}` };
  return (await putMessage(db, { ...draft, ...(replyTo && { replyTo }) })).message;
}

const createdSeqOf = async (roomId: string, id: string) => (await getMessageItem(db, roomId, id))?.createdSeq;

/** Stores messages as they would be after `count` sends (createdSeq = seq = 1..count), 25 a BatchWriteItem. */
async function seed(roomId: string, count: number, from: (i: number) => Principal, extra: (i: number) => Partial<Message> = () => ({})) {
  const items = Array.from({ length: count }, (_, i) => {
    const user = from(i);
    const message: Message = {
      id: ulid(),
      roomId,
      userId: user.id,
      username: user.username,
      text: `message ${i}`,
      createdAt: Date.now(),
      clientMsgId: `${roomId}-${i}`,
      seq: i + 1,
      ...unchangedMessageFields(),
      ...extra(i),
    };
    return toMessageItem(message, i + 1);
  });
  for (let i = 0; i < items.length; i += 25) {
    const puts = items.slice(i, i + 25).map((item) => db.entities.Message.build(BatchPutRequest).item(item));
    await execute({ maxAttempts: 10 }, db.tables.messages.build(BatchWriteCommand).requests(...puts));
  }
  await db.entities.RoomSeq.build(PutItemCommand).item({ roomId, lastSeq: count }).send();
}

test('a message keeps the seq it was created with through edits, reactions, a reply and a delete', async () => {
  const first = await send('kept', ann, 'first');
  await send('kept', bob, 'second');
  expect(await createdSeqOf('kept', first.id)).toBe(1);
  await editMessage(db, { roomId: 'kept', messageId: first.id, text: 'first!' }, ann, 5);
  await reactToMessage(db, { roomId: 'kept', messageId: first.id, emoji: '👍', on: true }, bob);
  const reply = await send('kept', bob, 'a reply', first.id);
  // The reply is the room's change L+1 (and created with it); its parent's replyCount moves to L+2.
  expect(reply.seq).toBe(5);
  expect(await createdSeqOf('kept', reply.id)).toBe(5);
  const parent = await getMessageItem(db, 'kept', first.id);
  expect(parent).toMatchObject({ seq: 6, replyCount: 1, text: 'first!', createdSeq: 1 });
  const deleted = await deleteMessage(db, { roomId: 'kept', messageId: first.id }, ann, 9);
  expect(deleted.seq).toBe(7);
  expect(await createdSeqOf('kept', first.id)).toBe(1);
  // The contract's Message does not grow the attribute.
  expect(deleted).not.toHaveProperty('createdSeq');
});

test('others’ new messages count, with those mentioning the user; own, deleted and merely changed old ones do not', async () => {
  const old = await send('count', ann, 'before bob read');
  const readSeq = old.seq;
  await send('count', ann, 'one');
  await send('count', ann, 'two, for @bob');
  await send('count', bob, 'bob’s own, mentioning @bob');
  const gone = await send('count', ann, 'deleted soon, @bob');
  await send('count', ann, 'three');
  await deleteMessage(db, { roomId: 'count', messageId: gone.id }, ann, 1);
  await editMessage(db, { roomId: 'count', messageId: old.id, text: 'edited after, @bob' }, ann, 2);
  await reactToMessage(db, { roomId: 'count', messageId: old.id, emoji: '🎉', on: true }, ann);
  expect(await countUnread(db, bob.id, 'count', readSeq)).toEqual({ unread: 3, mentions: 1 });
  // From ann's side only bob's message is new; everything before it counts for nobody.
  expect(await countUnread(db, ann.id, 'count', readSeq)).toEqual({ unread: 1, mentions: 0 });
  expect(await countUnread(db, bob.id, 'count', 0)).toEqual({ unread: 4, mentions: 2 });
});

test('exact up to the cap, then the cap; mentions of the counted ones', async () => {
  const max = limits.unread.max;
  await seed('busy', max + 30, () => ann, (i) => (i % 10 === 0 ? { mentions: [bob.id] } : {}));
  expect(await countUnread(db, bob.id, 'busy', 0)).toEqual({ unread: max, mentions: max / 10 });
  expect(await countUnread(db, bob.id, 'busy', 30)).toEqual({ unread: max, mentions: max / 10 });
  expect(await countUnread(db, bob.id, 'busy', 31)).toEqual({ unread: max - 1, mentions: max / 10 - 1 });
  expect(await countUnread(db, bob.id, 'busy', max + 30)).toEqual({ unread: 0, mentions: 0 });
});

test('others’ messages below a long run of the user’s own newer ones are still found', async () => {
  // 5 of ann's, then 450 of bob's: the filter drops every item of the first pages.
  await seed('own-run', 455, (i) => (i < 5 ? ann : bob));
  expect(await countUnread(db, bob.id, 'own-run', 0)).toEqual({ unread: 5, mentions: 0 });
  expect(await countUnread(db, bob.id, 'own-run', 4)).toEqual({ unread: 1, mentions: 0 });
});

test('messages stored before createdSeq existed never count', async () => {
  const legacy: Message = {
    id: ulid(),
    roomId: 'legacy',
    userId: ann.id,
    username: ann.username,
    text: 'from v1',
    createdAt: 1,
    clientMsgId: 'legacy-1',
    seq: 1,
    ...unchangedMessageFields(),
  };
  await db.entities.Message.build(PutItemCommand).item(toMessageItem(legacy)).send();
  await db.entities.RoomSeq.build(PutItemCommand).item({ roomId: 'legacy', lastSeq: 1 }).send();
  await send('legacy', ann, 'new');
  expect(await countUnread(db, bob.id, 'legacy', 0)).toEqual({ unread: 1, mentions: 0 });
});
