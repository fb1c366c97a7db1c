// Rooms and membership over HTTP, as any client calls them, against the real app and a real
// DynamoDB Local: who may read and change a room's content, names, DMs, browse, users.search.
import { GENERAL_ROOM_ID, limits, type Message, type Room } from '@chat/contract';
import { createRoom, getMembership, keys, putMessage } from '@chat/db';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { describe, expect, test } from 'vitest';
import { createTestApp } from './testing.ts';

const { app, db } = await createTestApp();
let ids = 0;
/** ULID-shaped ids, increasing: fresh tables per run, so no clash. */
const ulid = () => `01K${String(++ids).padStart(23, '0')}`;

interface TrpcAnswer {
  status: number;
  text: string;
  body: { result?: { data: any }; error?: { message: string; data: { code: string; httpStatus: number; fieldErrors?: Record<string, string[]> | null } } };
}

const queries = new Set(['messages.list', 'rooms.list', 'rooms.members', 'rooms.browse', 'users.search']);

async function call(path: string, input: unknown, token: string): Promise<TrpcAnswer> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const res = queries.has(path)
    ? await app.request(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
    : await app.request(`/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(input) });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) };
}

const code = (answer: TrpcAnswer) => answer.body.error?.data.code ?? 'OK';
const data = (answer: TrpcAnswer) => {
  if (!answer.body.result) throw new Error(`expected a result, got ${answer.text}`);
  return answer.body.result.data;
};

interface TestUser {
  token: string;
  id: string;
  username: string;
  email: string;
}

let n = 0;
async function signup(prefix = 'r'): Promise<TestUser> {
  const tag = `${Date.now().toString(36)}${++n}`;
  const email = `${prefix}.${tag}@example.com`;
  const res = await call('auth.signup', { email, password: 'correct horse', username: `${prefix}_${tag}` }, '');
  const { token, user } = data(res);
  return { token, id: user.id, username: user.username, email };
}

async function send(user: TestUser, roomId: string, text: string): Promise<Message> {
  const draft = { id: ulid(), roomId, userId: user.id, username: user.username, text, createdAt: Date.now(), clientMsgId: ulid() };
  return (await putMessage(db, draft)).message;
}

let rooms = 0;
async function create(user: TestUser, kind: 'public' | 'private', topic?: string): Promise<Room> {
  return data(await call('rooms.create', { name: `${kind} room ${Date.now()} ${++rooms}`, kind, ...(topic && { topic }) }, user.token));
}

/** Every way to read or change a room's content, as `user`, with a message of the room to aim at. */
async function contentCodes(user: TestUser, roomId: string, messageId: string): Promise<Record<string, string>> {
  const ref = { roomId, messageId };
  const answers = {
    'messages.list': await call('messages.list', { roomId }, user.token),
    'messages.edit': await call('messages.edit', { ...ref, text: 'mine now' }, user.token),
    'messages.react': await call('messages.react', { ...ref, emoji: '👍', on: true }, user.token),
    'messages.delete': await call('messages.delete', ref, user.token),
    'rooms.members': await call('rooms.members', { roomId }, user.token),
  };
  return Object.fromEntries(Object.entries(answers).map(([path, answer]) => [path, code(answer)]));
}

const everywhere = (value: string) => ({
  'messages.list': value,
  'messages.edit': value,
  'messages.react': value,
  'messages.delete': value,
  'rooms.members': value,
});

describe('membership decides access', () => {
  test('a non-member of a private room or DM gets NOT_FOUND every time, as for a room that does not exist', async () => {
    const [ann, bob, eve] = await Promise.all([signup(), signup(), signup('eve')]);
    const hidden = await create(ann, 'private');
    const dm = data(await call('rooms.openDm', { userIds: [bob.id] }, ann.token)) as Room;
    for (const room of [hidden, dm]) {
      const m = await send(ann, room.id, 'for members only');
      expect(await contentCodes(eve, room.id, m.id), room.kind).toEqual(everywhere('NOT_FOUND'));
      expect(await contentCodes(eve, 'no-such-room', m.id)).toEqual(everywhere('NOT_FOUND'));
      expect(code(await call('rooms.join', { roomId: room.id }, eve.token))).toBe('NOT_FOUND');
      expect(code(await call('rooms.invite', { roomId: room.id, userId: eve.id }, eve.token))).toBe('NOT_FOUND');
      // Nothing changed: the message is as sent, eve is still no member.
      const listed = data(await call('messages.list', { roomId: room.id }, ann.token));
      expect(listed.messages).toEqual([m]);
      expect(await getMembership(db, eve.id, room.id)).toBeUndefined();
    }
  });

  test('a public room: FORBIDDEN until joined, then readable and writable; join twice is one membership', async () => {
    const [ann, bob] = await Promise.all([signup(), signup()]);
    const room = await create(ann, 'public');
    const m = await send(ann, room.id, 'hello');
    expect(await contentCodes(bob, room.id, m.id)).toEqual(everywhere('FORBIDDEN'));
    expect(data(await call('rooms.join', { roomId: room.id }, bob.token))).toEqual(room);
    expect(data(await call('rooms.join', { roomId: room.id }, bob.token))).toEqual(room);
    const members = data(await call('rooms.members', { roomId: room.id }, bob.token));
    expect(members).toHaveLength(2);
    expect(members).toEqual(expect.arrayContaining([{ id: ann.id, username: ann.username }, { id: bob.id, username: bob.username }]));
    expect(code(await call('messages.react', { roomId: room.id, messageId: m.id, emoji: '👍', on: true }, bob.token))).toBe('OK');
    expect(code(await call('messages.list', { roomId: room.id }, bob.token))).toBe('OK');
    // Another user's message stays FORBIDDEN to edit, now for the message's sake.
    expect(code(await call('messages.edit', { roomId: room.id, messageId: m.id, text: 'x' }, bob.token))).toBe('FORBIDDEN');
  });

  test('invite: a member brings someone in, who can then read; an unknown user NOT_FOUND; idempotent', async () => {
    const [ann, bob, cat] = await Promise.all([signup(), signup(), signup()]);
    const room = await create(ann, 'private');
    const m = await send(ann, room.id, 'welcome');
    expect(code(await call('rooms.invite', { roomId: room.id, userId: 'no-such-user' }, ann.token))).toBe('NOT_FOUND');
    expect(data(await call('rooms.invite', { roomId: room.id, userId: bob.id }, ann.token))).toEqual({ roomId: room.id, userId: bob.id });
    expect(data(await call('rooms.invite', { roomId: room.id, userId: bob.id }, ann.token))).toEqual({ roomId: room.id, userId: bob.id });
    expect(data(await call('messages.list', { roomId: room.id }, bob.token)).messages).toEqual([m]);
    // Any member may invite, and a member may "join" the private room it is in.
    expect(code(await call('rooms.invite', { roomId: room.id, userId: cat.id }, bob.token))).toBe('OK');
    expect(data(await call('rooms.join', { roomId: room.id }, cat.token))).toEqual(room);
    expect(data(await call('rooms.members', { roomId: room.id }, cat.token))).toHaveLength(3);
  });

  test('leave: general and DMs cannot be left; after leaving a private room it is NOT_FOUND; leaving twice is fine', async () => {
    const [ann, bob] = await Promise.all([signup(), signup()]);
    const general = await call('rooms.leave', { roomId: GENERAL_ROOM_ID }, ann.token);
    expect([general.status, code(general)]).toEqual([400, 'BAD_REQUEST']);
    expect(code(await call('messages.list', { roomId: GENERAL_ROOM_ID }, ann.token))).toBe('OK');

    const dm = data(await call('rooms.openDm', { userIds: [bob.id] }, ann.token)) as Room;
    expect(code(await call('rooms.leave', { roomId: dm.id }, bob.token))).toBe('BAD_REQUEST');
    expect(code(await call('messages.list', { roomId: dm.id }, bob.token))).toBe('OK');

    const room = await create(ann, 'private');
    await call('rooms.invite', { roomId: room.id, userId: bob.id }, ann.token);
    expect(data(await call('rooms.leave', { roomId: room.id }, bob.token))).toEqual({ roomId: room.id });
    expect(data(await call('rooms.leave', { roomId: room.id }, bob.token))).toEqual({ roomId: room.id });
    expect(code(await call('messages.list', { roomId: room.id }, bob.token))).toBe('NOT_FOUND');
    expect(data(await call('rooms.members', { roomId: room.id }, ann.token))).toEqual([{ id: ann.id, username: ann.username }]);
  });
});

describe('names', () => {
  test('"Design", "design" and "design" + U+200B: the second and third answer CONFLICT, whatever their kind', async () => {
    const ann = await signup();
    const stamp = Date.now();
    const first = await call('rooms.create', { name: `Design ${stamp}` }, ann.token);
    expect(data(first)).toMatchObject({ name: `Design ${stamp}`, kind: 'public' });
    for (const [name, kind] of [[`design ${stamp}`, 'public'], [`design\u200b ${stamp}`, 'private']]) {
      const answer = await call('rooms.create', { name, kind }, ann.token);
      expect([answer.status, code(answer)], name).toEqual([409, 'CONFLICT']);
      expect(answer.body.error?.data.fieldErrors).toEqual({ name: [`A room named "${name}" already exists`] });
    }
  });

  test('a name with a control or bidi character is BAD_REQUEST', async () => {
    const ann = await signup();
    for (const name of ['bad\u0007bell', 'evil\u202eexe.txt', 'line\nbreak']) {
      expect(code(await call('rooms.create', { name }, ann.token)), JSON.stringify(name)).toBe('BAD_REQUEST');
    }
  });

  test('update by the creator: rename (the old name free again, a taken one CONFLICT), topic, archive and unarchive', async () => {
    const [ann, bob] = await Promise.all([signup(), signup()]);
    const room = await create(ann, 'public', 'first topic');
    const other = await create(bob, 'private');
    await call('rooms.join', { roomId: room.id }, bob.token);
    const m = await send(ann, room.id, 'before the archive');

    expect(code(await call('rooms.update', { roomId: room.id, topic: 'mine' }, bob.token))).toBe('FORBIDDEN');
    expect(code(await call('rooms.update', { roomId: room.id, name: other.name.toUpperCase() }, ann.token))).toBe('CONFLICT');
    const renamed = data(await call('rooms.update', { roomId: room.id, name: `${room.name} renamed`, topic: 'second topic' }, ann.token));
    expect(renamed).toEqual({ ...room, name: `${room.name} renamed`, topic: 'second topic' });
    expect(code(await call('rooms.create', { name: room.name }, bob.token))).toBe('OK');

    expect(data(await call('rooms.update', { roomId: room.id, archived: true }, ann.token))).toMatchObject({ archived: true });
    // Archived: read-only for everyone, members still read it.
    expect(code(await call('messages.react', { roomId: room.id, messageId: m.id, emoji: '👍', on: true }, bob.token))).toBe('FORBIDDEN');
    expect(code(await call('messages.edit', { roomId: room.id, messageId: m.id, text: 'later' }, ann.token))).toBe('FORBIDDEN');
    expect(data(await call('messages.list', { roomId: room.id }, bob.token)).messages).toEqual([m]);
    expect(data(await call('rooms.update', { roomId: room.id, archived: false }, ann.token))).toMatchObject({ archived: false });
    expect(code(await call('messages.edit', { roomId: room.id, messageId: m.id, text: 'later' }, ann.token))).toBe('OK');

    expect(code(await call('rooms.update', { roomId: GENERAL_ROOM_ID, topic: 'x' }, ann.token))).toBe('BAD_REQUEST');
    expect(code(await call('rooms.update', { roomId: other.id, topic: 'x' }, ann.token))).toBe('NOT_FOUND');
  });
});

describe('direct messages', () => {
  test('both sides opening a DM at once get one room, with both as members', async () => {
    const [ann, bob] = await Promise.all([signup(), signup()]);
    const [a, b] = await Promise.all([
      call('rooms.openDm', { userIds: [bob.id] }, ann.token),
      call('rooms.openDm', { userIds: [ann.id] }, bob.token),
    ]);
    expect(data(a)).toEqual(data(b));
    expect(data(a)).toMatchObject({ kind: 'dm', name: '', id: expect.stringMatching(limits.roomId.pattern) });
    const members = data(await call('rooms.members', { roomId: data(a).id }, bob.token));
    expect(members.map((m: { id: string }) => m.id).sort()).toEqual([ann.id, bob.id].sort());
    // Again later, from either side and with the caller listed too: the same room.
    expect(data(await call('rooms.openDm', { userIds: [ann.id, bob.id, bob.id] }, ann.token))).toEqual(data(a));
  });

  test('a DM needs people who exist, at least one other; it takes no invite', async () => {
    const [ann, bob, cat] = await Promise.all([signup(), signup(), signup()]);
    expect(code(await call('rooms.openDm', { userIds: [bob.id, 'no-such-user'] }, ann.token))).toBe('NOT_FOUND');
    expect(code(await call('rooms.openDm', { userIds: [ann.id] }, ann.token))).toBe('BAD_REQUEST');
    expect(code(await call('rooms.openDm', { userIds: [] }, ann.token))).toBe('BAD_REQUEST');
    const tooMany = Array.from({ length: limits.dm.maxMembers }, (_, i) => `user-${i}`);
    expect(code(await call('rooms.openDm', { userIds: tooMany }, ann.token))).toBe('BAD_REQUEST');
    const group = data(await call('rooms.openDm', { userIds: [bob.id, cat.id] }, ann.token)) as Room;
    expect(group.id).not.toBe(data(await call('rooms.openDm', { userIds: [bob.id] }, ann.token)).id);
    expect(code(await call('rooms.invite', { roomId: group.id, userId: bob.id }, ann.token))).toBe('BAD_REQUEST');
  });
});

describe('browse and search', () => {
  test('rooms.browse pages the public rooms by name, 50 a page; private ones never show; a bad cursor BAD_REQUEST', async () => {
    const ann = await signup();
    // Fresh tables: general and these are all the public rooms.
    const names = Array.from({ length: limits.browse.pageSize + 3 }, (_, i) => `Browse ${String(i).padStart(2, '0')}`);
    for (const name of names) await createRoom(db, { name, createdBy: 'seed', now: 1 });
    const secret = await create(ann, 'private');
    const seen: Room[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { rooms: Room[]; nextCursor: string | null } = data(await call('rooms.browse', { cursor }, ann.token));
      expect(page.rooms.length).toBeLessThanOrEqual(limits.browse.pageSize);
      seen.push(...page.rooms);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    const browsed = seen.map((r) => r.name).filter((name) => name.startsWith('Browse '));
    expect(browsed).toEqual(names);
    expect(seen.map((r) => r.id)).not.toContain(secret.id);
    expect(seen.every((r) => r.kind === 'public')).toBe(true);
    expect(code(await call('rooms.browse', { cursor: 'forged' }, ann.token))).toBe('BAD_REQUEST');
  });

  test('users.search: a username prefix in any case, id and username only, never an email', async () => {
    const me = await signup('seeker');
    const found = await signup('findme');
    const answer = await call('users.search', { query: found.username.slice(0, 12).toUpperCase() }, me.token);
    expect(data(answer)).toContainEqual({ id: found.id, username: found.username });
    for (const user of data(answer)) expect(Object.keys(user).sort()).toEqual(['id', 'username']);
    expect(answer.text).not.toContain('@example.com');
    expect(data(await call('users.search', { query: 'zzz-nobody' }, me.token))).toEqual([]);
    expect(code(await call('users.search', { query: '  ' }, me.token))).toBe('BAD_REQUEST');
  });

  test('signup files the user in the directory and in general', async () => {
    const ann = await signup();
    const { Item } = await db.entities.User.build(GetItemCommand).key({ id: ann.id }).send();
    expect(Item).toMatchObject({ usernameLower: ann.username.toLowerCase(), directory: keys.usernameDirectory(ann.username.toLowerCase()) });
    expect(await getMembership(db, ann.id, GENERAL_ROOM_ID)).toMatchObject({ readSeq: 0 });
    const members = data(await call('rooms.members', { roomId: GENERAL_ROOM_ID }, ann.token));
    expect(members).toContainEqual({ id: ann.id, username: ann.username });
  });
});
