import type { Message } from '@chat/contract';
import { unchangedMessageFields } from '@chat/contract';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { BatchWriteCommand, execute } from 'dynamodb-toolbox/table/actions/batchWrite';
import { monotonicFactory } from 'ulid';
import { expect, test } from 'vitest';
import { listMessages, toMessageItem } from './messages.ts';
import { createTestDb } from './testing.ts';

const db = await createTestDb();
const ulid = monotonicFactory();

async function seed(roomId: string, count: number): Promise<Message[]> {
  const messages: Message[] = Array.from({ length: count }, (_, i) => ({
    id: ulid(),
    roomId,
    userId: 'u1',
    username: 'ann',
    text: `message ${i}`,
    createdAt: Date.now(),
    clientMsgId: `c${i}`,
    seq: i + 1,
    ...unchangedMessageFields(),
  }));
  // BatchWriteItem takes 25 puts: 120 messages are 5 requests, not 120 at once.
  for (let i = 0; i < messages.length; i += 25) {
    const puts = messages.slice(i, i + 25).map((m) => db.entities.Message.build(BatchPutRequest).item(toMessageItem(m)));
    await execute({ maxAttempts: 10 }, db.tables.messages.build(BatchWriteCommand).requests(...puts));
  }
  return messages;
}

test('an empty room has no history and no cursor', async () => {
  expect(await listMessages(db, { roomId: 'empty' })).toEqual({ messages: [], nextCursor: null });
});

test('history pages back newest first with no gap and no repeat', async () => {
  const stored = await seed('paging', 120);
  const seen: string[] = [];
  let before: string | null = null;
  let pages = 0;
  do {
    const page = await listMessages(db, { roomId: 'paging', before, limit: 50 });
    seen.push(...page.messages.map((m) => m.id));
    before = page.nextCursor;
    pages++;
  } while (before);
  expect(pages).toBe(3);
  expect(seen).toEqual(stored.map((m) => m.id).reverse());
});

test('after keeps only newer messages; with before it bounds both sides', async () => {
  const stored = await seed('gap', 10);
  const after = stored[3]!.id;
  const newer = await listMessages(db, { roomId: 'gap', after });
  expect(newer.messages.map((m) => m.text)).toEqual(['9', '8', '7', '6', '5', '4'].map((n) => `message ${n}`));
  expect(newer.nextCursor).toBeNull();
  const firstPage = await listMessages(db, { roomId: 'gap', after, limit: 4 });
  expect(firstPage.messages).toHaveLength(4);
  const rest = await listMessages(db, { roomId: 'gap', after, before: firstPage.nextCursor, limit: 4 });
  expect(rest.messages.map((m) => m.text)).toEqual(['message 5', 'message 4']);
  expect(rest.nextCursor).toBeNull();
});

test('a room does not see another room’s messages', async () => {
  await seed('room-a', 3);
  const b = await listMessages(db, { roomId: 'room-b' });
  expect(b.messages).toEqual([]);
});

test('an empty `before` is no cursor, in a room and in a thread (found by the api fuzz test: a 500 from DynamoDB)', async () => {
  const stored = await seed('empty-cursor', 3);
  const all = await listMessages(db, { roomId: 'empty-cursor', before: '' });
  expect(all.messages.map((m) => m.id)).toEqual(stored.map((m) => m.id).reverse());
  const thread = await listMessages(db, { roomId: 'empty-cursor', before: '', after: stored[0]!.id, replyTo: stored[0]!.id });
  expect(thread).toEqual({ messages: [], nextCursor: null });
});

test('a `before` cursor with a lone surrogate is refused, in a room and in a thread (found by the ws fuzz test: DynamoDB refused the range)', async () => {
  const stored = await seed('lone-surrogate', 3);
  const before = '\udfffiT{{DE%K#\udfff';
  for (const query of [
    { roomId: 'lone-surrogate', before },
    { roomId: 'lone-surrogate', before, after: stored[0]!.id },
    { roomId: 'lone-surrogate', before, after: stored[0]!.id, replyTo: stored[0]!.id },
  ]) {
    await expect(listMessages(db, query)).rejects.toMatchObject({ name: 'MessageChangeError', code: 'BAD_REQUEST' });
  }
  // A well-formed cursor past every id still pages from the newest.
  expect((await listMessages(db, { roomId: 'lone-surrogate', before: '\u{1F600}', after: stored[0]!.id })).messages).toHaveLength(2);
});
