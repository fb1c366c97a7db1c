import { limits, type Room } from '@chat/contract';
import { addMember, connectionsOfUsers, createRoom, focusesOf, isSubscribed, removeMember, roomMembers } from '@chat/db';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { afterAll, describe, expect, test } from 'vitest';
import { startRealtime, type TestSocket } from './harness.ts';

const stack = await startRealtime();
afterAll(() => stack.stop());

type User = Awaited<ReturnType<typeof stack.user>>;

const publicRoom = async (name: string) => (await createRoom(stack.db, { name: `${name} ${crypto.randomUUID().slice(0, 6)}`, createdBy: 't', now: Date.now() })).id;

/** A private room or a DM, stored as the rooms service stores it, with its members. */
async function closedRoom(kind: 'private' | 'dm', members: User[]): Promise<string> {
  const id = `${kind}-${crypto.randomUUID().slice(0, 8)}`;
  await stack.db.entities.Room.build(PutItemCommand)
    .item({
      id,
      name: kind === 'dm' ? '' : id,
      kind,
      topic: '',
      archived: false,
      createdAt: Date.now(),
      createdBy: members[0]!.id,
      ...(kind === 'dm' && { members: members.map(({ id, username }) => ({ id, username })) }),
    })
    .send();
  for (const m of members) await addMember(stack.db, id, m, Date.now());
  return id;
}

async function send(socket: TestSocket, roomId: string, text: string) {
  const clientMsgId = crypto.randomUUID();
  socket.send({ action: 'sendMessage', roomId, text, clientMsgId });
  return (await socket.waitForType('ack', (a) => a.clientMsgId === clientMsgId)).message;
}

const received = (socket: TestSocket, id: string) => socket.waitFor(() => socket.broadcastMessages().find((m) => m.id === id));

describe('membership over the socket', () => {
  test('an invite reaches the open socket of the invitee as a room frame; then it can read and send', async () => {
    const [ann, bob] = await Promise.all([stack.user('ann'), stack.user('bob')]);
    const roomId = await closedRoom('private', [ann]);
    const annS = await stack.connect(ann.token, roomId);
    const bobS = await stack.connect(bob.token);
    const before = await send(annS, roomId, 'before the invite');

    await addMember(stack.db, roomId, bob, Date.now());
    const { summary } = await bobS.waitForType('room', (r) => r.summary.room.id === roomId);
    expect(summary).toMatchObject({ room: { id: roomId, kind: 'private' }, lastSeq: before.seq });

    bobS.send({ action: 'getMessages', roomId });
    expect((await bobS.waitForType('messages', (m) => m.roomId === roomId)).messages.map((m) => m.text)).toEqual(['before the invite']);
    const hello = await send(bobS, roomId, 'thanks for the invite');
    // Both get it without bob ever focusing the room.
    expect(await received(annS, hello.id)).toEqual(hello);
    expect(await received(bobS, hello.id)).toEqual(hello);
  });

  test('after removeMember: roomLeft, the focus ends (presence left), and no further message of the room arrives', async () => {
    const [cat, dan] = await Promise.all([stack.user('cat'), stack.user('dan')]);
    const roomId = await closedRoom('private', [cat, dan]);
    const catS = await stack.connect(cat.token, roomId);
    const danS = await stack.connect(dan.token, roomId);
    await stack.settled();

    await removeMember(stack.db, roomId, dan.id);
    await danS.waitForType('roomLeft', (r) => r.roomId === roomId);
    expect(await catS.waitForType('presence', (p) => p.roomId === roomId && !!p.left)).toEqual({
      type: 'presence',
      roomId,
      left: [{ id: dan.id, username: 'dan' }],
    });
    const after = await send(catS, roomId, 'dan is gone');
    await received(catS, after.id);
    await stack.settled();
    await danS.flush();
    expect(danS.broadcastMessages().filter((m) => m.roomId === roomId)).toEqual([]);
    // And dan can no longer read, send or focus it: a private room he is not in does not exist for him.
    danS.send({ action: 'getMessages', roomId, id: 'after-leave' });
    expect(await danS.waitForType('error', (e) => e.id === 'after-leave')).toMatchObject({ code: 'NOT_FOUND' });
  });

  test("connect puts the id in the user's connection set and focuses nothing, whatever the rooms; disconnect takes it out", async () => {
    const pam = await stack.user('pam');
    for (let i = 0; i < 3; i++) await addMember(stack.db, await publicRoom(`pam ${i}`), pam, Date.now());
    const [tab1, tab2] = [await stack.connect(pam.token), await stack.connect(pam.token)];
    const ids = (await connectionsOfUsers(stack.db, [pam.id])).map((c) => c.connectionId);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(await focusesOf(stack.db, id)).toEqual([]);
    tab1.ws.close();
    await expect.poll(async () => (await connectionsOfUsers(stack.db, [pam.id])).length).toBe(1);
    tab2.ws.close();
    await expect.poll(() => connectionsOfUsers(stack.db, [pam.id])).toEqual([]);
  });

  test('a connection gets the messages of every member room from connect on, focused or not', async () => {
    const [eve, fay] = await Promise.all([stack.user('eve'), stack.user('fay')]);
    const [roomA, roomB] = [await publicRoom('never focused a'), await publicRoom('never focused b')];
    for (const roomId of [roomA, roomB]) for (const user of [eve, fay]) await addMember(stack.db, roomId, user, Date.now());
    const eveS = await stack.connect(eve.token); // no joinRoom at all
    const fayS = await stack.connect(fay.token);
    const inA = await send(fayS, roomA, 'to a');
    const inB = await send(fayS, roomB, 'to b');
    expect(await received(eveS, inA.id)).toEqual(inA);
    expect(await received(eveS, inB.id)).toEqual(inB);
  });

  test.each(['private', 'dm'] as const)('a non-member of a %s room gets NOT_FOUND for getMessages, joinRoom, sendMessage and typing', async (kind) => {
    const [gus, hal, ida] = await Promise.all([stack.user('gus'), stack.user('hal'), stack.user('ida')]);
    const roomId = await closedRoom(kind, [gus, hal]);
    const idaS = await stack.connect(ida.token);
    const frames = [
      { action: 'getMessages', roomId },
      { action: 'joinRoom', roomId },
      { action: 'sendMessage', roomId, text: 'let me in', clientMsgId: 'nope' },
      { action: 'typing', roomId },
    ];
    for (const [i, frame] of frames.entries()) {
      idaS.send({ ...frame, id: `n${i}` });
      const error = await idaS.waitForType('error', (e) => e.id === `n${i}`);
      // The same answer as for a room that does not exist.
      expect(error).toMatchObject({ code: 'NOT_FOUND', message: `No room "${roomId}"`, action: frame.action });
    }
    expect((await roomMembers(stack.db, roomId)).map((m) => m.id).sort()).toEqual([gus.id, hal.id].sort());
  });

  test('a public room: FORBIDDEN for send, read and typing until joinRoom joins it (the room frame follows)', async () => {
    const jon = await stack.user('jon');
    const roomId = await publicRoom('open');
    const socket = await stack.connect(jon.token);
    const frames = [
      { action: 'sendMessage', roomId, text: 'early', clientMsgId: 'early' },
      { action: 'getMessages', roomId },
      { action: 'typing', roomId },
    ];
    for (const [i, frame] of frames.entries()) {
      socket.send({ ...frame, id: `f${i}` });
      expect(await socket.waitForType('error', (e) => e.id === `f${i}`)).toMatchObject({ code: 'FORBIDDEN', action: frame.action });
    }
    socket.send({ action: 'joinRoom', roomId, id: 'join' });
    await socket.waitForType('joined', (j) => j.id === 'join');
    expect((await socket.waitForType('room', (r) => r.summary.room.id === roomId)).summary.room.kind).toBe('public');
    const sent = await send(socket, roomId, 'joined and sending');
    expect(await received(socket, sent.id)).toEqual(sent);
  });

  test('an archived room is read-only: sendMessage FORBIDDEN, getMessages answered; members get a room frame when it changes', async () => {
    const [kim, lea] = await Promise.all([stack.user('kim'), stack.user('lea')]);
    const roomId = await closedRoom('private', [kim, lea]);
    const kimS = await stack.connect(kim.token);
    const leaS = await stack.connect(lea.token);
    await stack.settled();
    await stack.db.entities.Room.build(UpdateItemCommand).item({ id: roomId, topic: 'done here', archived: true }).send();
    const changed = (s: TestSocket) => s.waitForType('room', (r) => r.summary.room.id === roomId && r.summary.room.archived);
    for (const s of [kimS, leaS]) expect((await changed(s)).summary.room).toMatchObject<Partial<Room>>({ topic: 'done here', archived: true });
    kimS.send({ action: 'sendMessage', roomId, text: 'too late', clientMsgId: 'late', id: 'late' });
    expect(await kimS.waitForType('error', (e) => e.id === 'late')).toMatchObject({ code: 'FORBIDDEN', message: `Room "${roomId}" is archived` });
    kimS.send({ action: 'getMessages', roomId, id: 'read' });
    expect(await kimS.waitForType('messages', (m) => m.id === 'read')).toMatchObject({ roomId, messages: [] });
  });

  test('two connections of one user: a read position moved on one arrives as readUpdated on both', async () => {
    const max = await stack.user('max');
    const roomId = await publicRoom('read');
    await addMember(stack.db, roomId, max, Date.now());
    const [tab1, tab2] = [await stack.connect(max.token), await stack.connect(max.token)];
    await stack.settled();
    await stack.db.entities.Membership.build(UpdateItemCommand).item({ userId: max.id, roomId, readSeq: 7 }).send();
    for (const s of [tab1, tab2]) {
      expect(await s.waitForType('readUpdated', (r) => r.roomId === roomId)).toEqual({ type: 'readUpdated', roomId, readSeq: 7 });
    }
  });

  test(`a connection focuses at most ${limits.focus.maxRooms} rooms: a further joinRoom unfocuses the oldest, with its presence left`, async () => {
    const [ned, oli] = await Promise.all([stack.user('ned'), stack.user('oli')]);
    const rooms: string[] = [];
    for (let i = 0; i <= limits.focus.maxRooms; i++) rooms.push(await publicRoom(`focus ${i}`));
    const [first, ...rest] = rooms as [string, ...string[]];
    const oliS = await stack.connect(oli.token, first);
    const nedS = await stack.connect(ned.token);
    // One after another, so that "oldest" is well defined.
    for (const roomId of [first, ...rest.slice(0, -1)]) {
      nedS.send({ action: 'joinRoom', roomId });
      await nedS.waitForType('joined', (j) => j.roomId === roomId);
    }
    await oliS.waitForType('presence', (p) => p.roomId === first && !!p.joined?.some((u) => u.id === ned.id));
    const connectionId = (await connectionIdOf(ned.id))!;
    expect((await focusesOf(stack.db, connectionId)).map((f) => f.roomId).sort()).toEqual([first, ...rest.slice(0, -1)].sort());

    nedS.send({ action: 'joinRoom', roomId: rest.at(-1) });
    await nedS.waitForType('joined', (j) => j.roomId === rest.at(-1));
    expect(await oliS.waitForType('presence', (p) => p.roomId === first && !!p.left)).toEqual({
      type: 'presence',
      roomId: first,
      left: [{ id: ned.id, username: 'ned' }],
    });
    expect((await focusesOf(stack.db, connectionId)).map((f) => f.roomId).sort()).toEqual([...rest].sort());
    expect(await isSubscribed(stack.db, connectionId, first)).toBe(false);
    // Unfocused, still a member: the room's messages still arrive.
    const stillThere = await send(oliS, first, 'still a member');
    expect(await received(nedS, stillThere.id)).toEqual(stillThere);
  });
});

/** The one open connection of a user, read from the user's connection set. */
async function connectionIdOf(userId: string): Promise<string | undefined> {
  const [first] = await connectionsOfUsers(stack.db, [userId]);
  return first?.connectionId;
}
