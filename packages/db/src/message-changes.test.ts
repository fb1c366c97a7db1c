import type { Message, Principal } from '@chat/contract';
import { limits } from '@chat/contract';
import { monotonicFactory } from 'ulid';
import { expect, test } from 'vitest';
import { changesSince } from './change-feed.ts';
import { deleteMessage, editMessage, reactToMessage } from './message-changes.ts';
import { MessageChangeError } from './message-errors.ts';
import { listMessages, putMessage } from './messages.ts';
import { lastSeq } from './room-seq.ts';
import { createTestDb } from './testing.ts';
import { createUser } from './users.ts';

const db = await createTestDb();
const ulid = monotonicFactory();
const ann: Principal = { id: 'u-ann', username: 'ann' };
const bob: Principal = { id: 'u-bob', username: 'Bob.B' };
await createUser(db, { id: ann.id, email: 'ann@example.com', username: ann.username, passwordHash: 'h', createdAt: 1 });
await createUser(db, { id: bob.id, email: 'bob@example.com', username: bob.username, passwordHash: 'h', createdAt: 1 });

let sent = 0;
async function send(roomId: string, user: Principal, text: string, replyTo?: string): Promise<Message> {
  const draft = { id: ulid(), roomId, userId: user.id, username: user.username, text, createdAt: Date.now(), clientMsgId: `c${++sent}` };
  return (await putMessage(db, { ...draft, ...(replyTo && { replyTo }) })).message;
}

/** The error a promise is rejected with, so that its code can be checked. */
function refusal(promise: Promise<unknown>): Promise<MessageChangeError> {
  return promise.then(
    () => expect.unreachable('the change was accepted'),
    (err: unknown) => (expect(err).toBeInstanceOf(MessageChangeError), err as MessageChangeError),
  );
}

test('each change takes the room’s next seq; lastSeq follows; another room counts on its own', async () => {
  expect(await lastSeq(db, 'seq-a')).toBe(0);
  const first = await send('seq-a', ann, 'one');
  const second = await send('seq-a', ann, 'two');
  const other = await send('seq-b', ann, 'elsewhere');
  expect([first.seq, second.seq, other.seq]).toEqual([1, 2, 1]);
  const edited = await editMessage(db, { roomId: 'seq-a', messageId: first.id, text: 'one!' }, ann, 5);
  expect(edited).toMatchObject({ seq: 3, text: 'one!', editedAt: 5 });
  expect(await lastSeq(db, 'seq-a')).toBe(3);
});

test('a new message is stored with the contract’s defaults, and mentions resolved case-insensitively', async () => {
  const m = await send('mentions', ann, 'hi @bob.b and @ANN, not @nobody or mail@ann.com');
  expect(m).toMatchObject({ editedAt: null, deletedAt: null, replyTo: null, replyCount: 0, reactions: [] });
  expect(m.mentions).toEqual([bob.id, ann.id]);
  const edited = await editMessage(db, { roomId: 'mentions', messageId: m.id, text: 'only @Bob.B.' }, ann, 9);
  expect(edited.mentions).toEqual([bob.id]);
});

test('edit and delete: own messages only (FORBIDDEN); a deleted message keeps its id, cannot be edited, and deleting again changes nothing', async () => {
  const m = await send('own', ann, 'mine');
  expect((await refusal(editMessage(db, { roomId: 'own', messageId: m.id, text: 'hijack' }, bob, 1))).code).toBe('FORBIDDEN');
  expect((await refusal(deleteMessage(db, { roomId: 'own', messageId: m.id }, bob, 1))).code).toBe('FORBIDDEN');
  await reactToMessage(db, { roomId: 'own', messageId: m.id, emoji: '👍', on: true }, bob);
  const deleted = await deleteMessage(db, { roomId: 'own', messageId: m.id }, ann, 7);
  expect(deleted).toMatchObject({ id: m.id, text: '', reactions: [], mentions: [], deletedAt: 7, seq: m.seq + 2 });
  expect(await deleteMessage(db, { roomId: 'own', messageId: m.id }, ann, 8)).toEqual(deleted);
  expect(await lastSeq(db, 'own')).toBe(deleted.seq);
  expect((await refusal(editMessage(db, { roomId: 'own', messageId: m.id, text: 'back' }, ann, 9))).code).toBe('BAD_REQUEST');
  expect((await refusal(reactToMessage(db, { roomId: 'own', messageId: m.id, emoji: '👍', on: true }, bob))).code).toBe('BAD_REQUEST');
  expect((await refusal(editMessage(db, { roomId: 'own', messageId: ulid(), text: 'x' }, ann, 9))).code).toBe('NOT_FOUND');
});

test('reactions: on twice is one, off removes it (and an emoji nobody holds), a no-op keeps the seq; at most maxDistinct emoji', async () => {
  const m = await send('react', ann, 'react to me');
  const ref = { roomId: 'react', messageId: m.id };
  const once = await reactToMessage(db, { ...ref, emoji: '👍', on: true }, bob);
  const twice = await reactToMessage(db, { ...ref, emoji: '👍', on: true }, bob);
  expect(twice).toEqual(once);
  expect(once.reactions).toEqual([{ emoji: '👍', userIds: [bob.id] }]);
  const both = await reactToMessage(db, { ...ref, emoji: '👍', on: true }, ann);
  expect(both.reactions).toEqual([{ emoji: '👍', userIds: [bob.id, ann.id] }]);
  await reactToMessage(db, { ...ref, emoji: '👍', on: false }, bob);
  const none = await reactToMessage(db, { ...ref, emoji: '👍', on: false }, ann);
  expect(none.reactions).toEqual([]);
  expect(await reactToMessage(db, { ...ref, emoji: '🎉', on: false }, ann)).toEqual(none);

  const emoji = ['😀', '😁', '😂', '🤣', '😃', '😄', '😅', '😆', '😉', '😊', '😋', '😎', '😍', '😘', '🥰', '😗', '😙', '🥲', '🙂', '🤗', '🤩'];
  let last = none;
  for (const e of emoji.slice(0, limits.reactions.maxDistinct)) last = await reactToMessage(db, { ...ref, emoji: e, on: true }, ann);
  expect(last.reactions).toHaveLength(limits.reactions.maxDistinct);
  const over = await refusal(reactToMessage(db, { ...ref, emoji: emoji[limits.reactions.maxDistinct]!, on: true }, bob));
  expect(over.code).toBe('BAD_REQUEST');
  // Another user on an emoji already there is no new emoji.
  expect((await reactToMessage(db, { ...ref, emoji: '😀', on: true }, bob)).reactions[0]!.userIds).toEqual([ann.id, bob.id]);
});

test('replies: the reply takes L+1 and the parent (replyCount + 1) L+2; a reply to a reply joins the first one’s thread; another room’s message is BAD_REQUEST', async () => {
  const parent = await send('thread', ann, 'parent');
  const reply = await send('thread', bob, 'reply', parent.id);
  expect(reply).toMatchObject({ replyTo: parent.id, seq: parent.seq + 1 });
  const nested = await send('thread', ann, 'reply to the reply', reply.id);
  expect(nested.replyTo).toBe(parent.id);
  const { changes } = await changesSince(db, 'thread', 0);
  expect(changes.map((m) => [m.text, m.seq])).toEqual([
    ['reply', 2],
    ['reply to the reply', 4],
    ['parent', 5],
  ]);
  expect(changes.at(-1)!.replyCount).toBe(2);

  const elsewhere = await send('thread-other', ann, 'other room');
  expect((await refusal(send('thread', bob, 'cross', elsewhere.id))).code).toBe('BAD_REQUEST');
  expect((await refusal(send('thread', bob, 'nothing', ulid()))).code).toBe('BAD_REQUEST');

  const thread = await listMessages(db, { roomId: 'thread', replyTo: parent.id, limit: 1 });
  expect(thread.messages.map((m) => m.text)).toEqual(['reply to the reply']);
  const rest = await listMessages(db, { roomId: 'thread', replyTo: parent.id, before: thread.nextCursor });
  expect(rest).toEqual({ messages: [expect.objectContaining({ text: 'reply' })], nextCursor: null });
  expect((await listMessages(db, { roomId: 'thread', replyTo: parent.id, after: reply.id })).messages.map((m) => m.text)).toEqual([
    'reply to the reply',
  ]);
  expect((await listMessages(db, { roomId: 'thread', replyTo: elsewhere.id })).messages).toEqual([]);
});

test('a clientMsgId repeated in the same room answers the first message; in another room CONFLICT', async () => {
  const draft = { id: ulid(), roomId: 'claims', userId: ann.id, username: ann.username, text: 'first', createdAt: 1, clientMsgId: 'dup' };
  const first = await putMessage(db, draft);
  const again = await putMessage(db, { ...draft, id: ulid(), text: 'again' });
  expect(again).toEqual({ message: first.message, duplicate: true });
  expect((await refusal(putMessage(db, { ...draft, id: ulid(), roomId: 'claims-2' }))).code).toBe('CONFLICT');
  expect(await lastSeq(db, 'claims')).toBe(1);
  expect(await lastSeq(db, 'claims-2')).toBe(0);
});

test('changesSince: each changed message once, in its latest state, in seq order, pages of at most `limit` with hasMore', async () => {
  const a = await send('feed', ann, 'a');
  const b = await send('feed', ann, 'b');
  const c = await send('feed', ann, 'c');
  await editMessage(db, { roomId: 'feed', messageId: a.id, text: 'a2' }, ann, 1);
  await reactToMessage(db, { roomId: 'feed', messageId: b.id, emoji: '👍', on: true }, bob);
  const all = await changesSince(db, 'feed', 0);
  expect(all).toMatchObject({ seq: 5, hasMore: false });
  expect(all.changes.map((m) => [m.text, m.seq])).toEqual([
    ['c', 3],
    ['a2', 4],
    ['b', 5],
  ]);
  const page = await changesSince(db, 'feed', 0, 2);
  expect(page.changes.map((m) => m.seq)).toEqual([3, 4]);
  expect(page.hasMore).toBe(true);
  const next = await changesSince(db, 'feed', 4, 2);
  expect(next).toMatchObject({ seq: 5, hasMore: false });
  expect(next.changes.map((m) => m.id)).toEqual([b.id]);
  expect(await changesSince(db, 'feed', 5)).toEqual({ seq: 5, changes: [], hasMore: false });
  expect(await changesSince(db, 'feed', 50)).toEqual({ seq: 5, changes: [], hasMore: false });
  expect(c.seq).toBe(3);
});
