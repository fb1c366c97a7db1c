import { GENERAL_ROOM_ID, type Message, type Principal, type Room } from '@chat/contract';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { BatchWriteCommand, execute } from 'dynamodb-toolbox/table/actions/batchWrite';
import { monotonicFactory } from 'ulid';
import { expect, test } from 'vitest';
import { addMember, getMembership, removeMember } from './membership.ts';
import { deleteMessage, editMessage, reactToMessage } from './message-changes.ts';
import { putMessage } from './messages.ts';
import { listRoomSummaries, markRead, roomSummary } from './read-state.ts';
import { RoomChangeError } from './room-errors.ts';
import { lastSeq } from './room-seq.ts';
import { createTestDb } from './testing.ts';
import { createUser } from './users.ts';

const db = await createTestDb();
const ulid = monotonicFactory();

let users = 0;
async function newUser(username: string): Promise<Principal> {
  const id = `u${++users}-${username}`;
  await createUser(db, { id, email: `${id}@example.com`, username, passwordHash: 'h', createdAt: 1 });
  return { id, username };
}

/** A room as stored (the rooms helper's create writes the same item), its members added. */
async function newRoom(id: string, kind: Room['kind'], members: Principal[], name = id): Promise<void> {
  await db.entities.Room.build(PutItemCommand)
    .item({ id, name, createdAt: 1, createdBy: members[0]?.id ?? 'system', kind, ...(kind === 'dm' && { members }) })
    .send();
  for (const m of members) await addMember(db, id, m, 1);
}

let sent = 0;
async function send(roomId: string, user: Principal, text: string): Promise<Message> {
  const draft = { id: ulid(), roomId, userId: user.id, username: user.username, text, createdAt: Date.now(), clientMsgId: `c${++sent}` };
  return (await putMessage(db, draft)).message;
}

function refusal(promise: Promise<unknown>): Promise<RoomChangeError> {
  return promise.then(
    () => expect.unreachable('markRead was accepted'),
    (err: unknown) => (expect(err).toBeInstanceOf(RoomChangeError), err as RoomChangeError),
  );
}

test('B away, A sends 3 messages, one mentioning B: B has 3 unread, 1 mention, in the room frame and in rooms.list', async () => {
  const [a, b] = [await newUser('anna'), await newUser('bert')];
  await newRoom('away', 'public', [a, b]);
  await send('away', a, 'one');
  await send('away', a, 'two, @bert look');
  await send('away', a, 'three');
  const expected = { lastSeq: 3, readSeq: 0, unread: 3, mentions: 1 };
  expect(await roomSummary(db, b.id, 'away')).toMatchObject({ room: { id: 'away', kind: 'public' }, ...expected });
  const list = await listRoomSummaries(db, b, 1);
  expect(list.find((s) => s.room.id === 'away')).toMatchObject(expected);
  // A's own messages are nothing new to A.
  expect(await roomSummary(db, a.id, 'away')).toMatchObject({ lastSeq: 3, unread: 0, mentions: 0 });
});

test('after markRead only what is newer counts: not edits, reactions or deletes of what was read, not own messages, not deleted ones', async () => {
  const [a, b] = [await newUser('cara'), await newUser('dan')];
  await newRoom('later', 'private', [a, b]);
  const old = await send('later', a, 'read already');
  const read = await markRead(db, b.id, 'later', old.seq);
  expect(read).toEqual({ roomId: 'later', readSeq: old.seq });
  await editMessage(db, { roomId: 'later', messageId: old.id, text: 'read already, @dan' }, a, 2);
  await reactToMessage(db, { roomId: 'later', messageId: old.id, emoji: '👀', on: true }, a);
  await send('later', b, 'dan’s own');
  const gone = await send('later', a, 'soon deleted @dan');
  await deleteMessage(db, { roomId: 'later', messageId: gone.id }, a, 3);
  expect(await roomSummary(db, b.id, 'later')).toMatchObject({ readSeq: old.seq, unread: 0, mentions: 0 });
  await send('later', a, 'new, @dan');
  expect(await roomSummary(db, b.id, 'later')).toMatchObject({ lastSeq: await lastSeq(db, 'later'), unread: 1, mentions: 1 });
});

test('markRead clamps to lastSeq and never moves back, also when calls race', async () => {
  const [a, b] = [await newUser('eve'), await newUser('finn')];
  await newRoom('clamp', 'public', [a, b]);
  for (const text of ['1', '2', '3', '4', '5']) await send('clamp', a, text);
  expect(await markRead(db, b.id, 'clamp', 1000)).toEqual({ roomId: 'clamp', readSeq: 5 });
  expect(await markRead(db, b.id, 'clamp', 2)).toEqual({ roomId: 'clamp', readSeq: 5 });
  expect((await getMembership(db, b.id, 'clamp'))?.readSeq).toBe(5);
  for (const text of ['6', '7', '8', '9']) await send('clamp', a, text);
  const answers = await Promise.all([6, 9, 7, 8].map((seq) => markRead(db, b.id, 'clamp', seq)));
  // Each answer is where the position stood after that call: at least what it asked for.
  answers.forEach((r, i) => expect(r.readSeq).toBeGreaterThanOrEqual([6, 9, 7, 8][i]!));
  expect((await getMembership(db, b.id, 'clamp'))?.readSeq).toBe(9);
  expect(await roomSummary(db, b.id, 'clamp')).toMatchObject({ lastSeq: 9, readSeq: 9, unread: 0 });
});

test('markRead refuses bad input and non-members: FORBIDDEN for a public room, NOT_FOUND for a private room, a DM or no room', async () => {
  const [a, b, c] = [await newUser('gus'), await newUser('hana'), await newUser('ivo')];
  await newRoom('open', 'public', [a]);
  await newRoom('closed', 'private', [a]);
  await newRoom('dm-gus-hana', 'dm', [a, b]);
  await send('open', a, 'hi');
  expect((await refusal(markRead(db, c.id, 'open', 1))).code).toBe('FORBIDDEN');
  expect((await refusal(markRead(db, c.id, 'closed', 1))).code).toBe('NOT_FOUND');
  expect((await refusal(markRead(db, c.id, 'dm-gus-hana', 0))).code).toBe('NOT_FOUND');
  expect((await refusal(markRead(db, c.id, 'no-such-room', 0))).code).toBe('NOT_FOUND');
  expect((await refusal(markRead(db, a.id, 'open', -1))).code).toBe('BAD_REQUEST');
  expect((await refusal(markRead(db, a.id, 'open', 1.5))).code).toBe('BAD_REQUEST');
  // Nothing was stored for the refused ones.
  expect(await getMembership(db, c.id, 'open')).toBeUndefined();
  expect(await roomSummary(db, c.id, 'closed')).toBeUndefined();
  expect(await roomSummary(db, c.id, 'open')).toBeUndefined();
});

test("joining a room with history starts reading at its present seq: the backlog is history, not unread; what comes after counts", async () => {
  const [host, newcomer] = [await newUser('olga'), await newUser('pete')];
  await newRoom('backlog', 'public', [host]);
  for (const text of ['one', 'two', 'three']) await send('backlog', host, text);
  await addMember(db, 'backlog', newcomer, 2);
  expect(await roomSummary(db, newcomer.id, 'backlog')).toMatchObject({ readSeq: 3, lastSeq: 3, unread: 0 });
  await send('backlog', host, 'four');
  expect(await roomSummary(db, newcomer.id, 'backlog')).toMatchObject({ readSeq: 3, unread: 1 });
  // A new user's general starts the same way.
  await send(GENERAL_ROOM_ID, host, 'before you came');
  const late = await newUser('quin');
  expect(await roomSummary(db, late.id, GENERAL_ROOM_ID)).toMatchObject({ unread: 0 });
});

/** A user as stored before memberships existed: signup now makes every user a member of general. */
async function userFromBefore(username: string): Promise<Principal> {
  const user = await newUser(username);
  await removeMember(db, GENERAL_ROOM_ID, user.id);
  return user;
}

test('a user stored before memberships existed gets general: listed (and stored) by rooms.list, markRead on it works', async () => {
  const [old, other] = [await userFromBefore('joan'), await newUser('kaia')];
  await send(GENERAL_ROOM_ID, other, 'hello @joan');
  expect(await getMembership(db, old.id, GENERAL_ROOM_ID)).toBeUndefined();
  expect(await roomSummary(db, old.id, GENERAL_ROOM_ID)).toMatchObject({ room: { id: GENERAL_ROOM_ID }, readSeq: 0 });
  const list = await listRoomSummaries(db, old, 7);
  expect(list.map((s) => s.room.id)).toEqual([GENERAL_ROOM_ID]);
  // Repaired as a join: reading starts at the room's present seq.
  const seqNow = await lastSeq(db, GENERAL_ROOM_ID);
  expect(list[0]).toMatchObject({ readSeq: seqNow, unread: 0, mentions: 0 });
  expect(await getMembership(db, old.id, GENERAL_ROOM_ID)).toMatchObject({ readSeq: seqNow, joinedAt: 7 });

  const older = await userFromBefore('leah');
  const general = await lastSeq(db, GENERAL_ROOM_ID);
  expect(await markRead(db, older.id, GENERAL_ROOM_ID, general)).toEqual({ roomId: GENERAL_ROOM_ID, readSeq: general });
  expect(await getMembership(db, older.id, GENERAL_ROOM_ID)).toMatchObject({ readSeq: general });
});

test('a user in many rooms gets every one, general first, rooms by name, then DMs with their members', async () => {
  const [me, friend] = [await newUser('max'), await newUser('nia')];
  const rooms = Array.from({ length: 130 }, (_, i) => `many-${String(i).padStart(3, '0')}`);
  // Stored in bulk: 130 rooms, their counters and both sides of each membership.
  const items = rooms.flatMap((id, i) => [
    db.entities.Room.build(BatchPutRequest).item({ id, name: `Room ${130 - i}`, createdAt: 1, createdBy: me.id, kind: i % 2 ? 'private' : 'public' }),
    db.entities.RoomSeq.build(BatchPutRequest).item({ roomId: id, lastSeq: 4 }),
    db.entities.Membership.build(BatchPutRequest).item({ userId: me.id, roomId: id, readSeq: 4, joinedAt: 1 }),
    db.entities.RoomMember.build(BatchPutRequest).item({ roomId: id, userId: me.id, username: me.username, joinedAt: 1 }),
  ]);
  for (let i = 0; i < items.length; i += 25) {
    await execute({ maxAttempts: 10 }, db.tables.messages.build(BatchWriteCommand).requests(...items.slice(i, i + 25)));
  }
  await addMember(db, GENERAL_ROOM_ID, me, 1);
  // General is shared with the other tests: what they sent there is read.
  await markRead(db, me.id, GENERAL_ROOM_ID, Number.MAX_SAFE_INTEGER);
  await newRoom('dm-max-nia', 'dm', [me, friend], '');
  await addMember(db, 'many-007', friend, 1);
  await send('many-007', friend, 'news for @max');
  await send('dm-max-nia', friend, 'psst');

  const list = await listRoomSummaries(db, me, 1);
  expect(list).toHaveLength(130 + 2);
  expect(list[0]!.room.id).toBe(GENERAL_ROOM_ID);
  expect(list.slice(1, -1).map((s) => s.room.name)).toEqual(Array.from({ length: 130 }, (_, i) => `Room ${i + 1}`));
  expect(list.find((s) => s.room.id === 'many-007')).toMatchObject({ room: { kind: 'private' }, lastSeq: 5, readSeq: 4, unread: 1, mentions: 1 });
  expect(list.filter((s) => s.unread > 0).map((s) => s.room.id).sort()).toEqual(['dm-max-nia', 'many-007']);
  const dm = list.at(-1)!;
  expect(dm).toMatchObject({ room: { id: 'dm-max-nia', kind: 'dm' }, unread: 1, members: [me, friend] });
  expect(list.slice(0, -1).every((s) => s.members === undefined)).toBe(true);
  // The friend's list has only what the friend belongs to.
  expect((await listRoomSummaries(db, friend, 1)).map((s) => s.room.id)).toEqual([GENERAL_ROOM_ID, 'many-007', 'dm-max-nia']);
});
