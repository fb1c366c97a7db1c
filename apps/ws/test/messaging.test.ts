import { connectionsInRoom, createRoom, isSubscribed, putMessage } from '@chat/db';
import { monotonicFactory } from 'ulid';
import { afterAll, describe, expect, test } from 'vitest';
import { startRealtime, type TestSocket } from './harness.ts';

const stack = await startRealtime();
afterAll(() => stack.stop());

const room = (await createRoom(stack.db, { name: `Side ${Date.now()}`, createdBy: 'test', now: Date.now() })).id;

async function joined(socket: TestSocket, roomId: string) {
  socket.send({ action: 'joinRoom', roomId });
  await socket.waitForType('joined', (j) => j.roomId === roomId);
}

describe('messaging', () => {
  test('three users, two rooms: a message reaches every connection in its room and none outside', async () => {
    const [ann, bob, cat] = await Promise.all([stack.user('ann'), stack.user('bob'), stack.user('cat')]);
    const annSocket = await stack.connect(ann.token); // joins general below
    const annSecondTab = await stack.connect(ann.token);
    const bobSocket = await stack.connect(bob.token);
    const catSocket = await stack.connect(cat.token, room); // a member of the other room only
    await Promise.all([joined(annSocket, 'general'), joined(annSecondTab, 'general'), joined(bobSocket, 'general'), joined(catSocket, room)]);

    annSocket.send({ action: 'sendMessage', roomId: 'general', text: '  hello general  ', clientMsgId: 'm-1' });
    const ack = await annSocket.waitForType('ack', (a) => a.clientMsgId === 'm-1');
    expect(ack.message).toMatchObject({ roomId: 'general', text: 'hello general', userId: ann.id, username: 'ann' });
    for (const socket of [annSocket, annSecondTab, bobSocket]) {
      const got = await socket.waitFor(() => socket.broadcastMessages().find((m) => m.id === ack.message.id));
      expect(got).toEqual(ack.message);
    }
    catSocket.send({ action: 'sendMessage', roomId: room, text: 'side room', clientMsgId: 'm-2' });
    await catSocket.waitFor(() => catSocket.broadcastMessages().find((m) => m.text === 'side room'));
    // Everything the server was going to post has been posted and has arrived.
    await stack.settled();
    await Promise.all([catSocket.flush(), bobSocket.flush()]);
    expect(catSocket.broadcastMessages().map((m) => m.text)).toEqual(['side room']);
    expect(bobSocket.broadcastMessages().map((m) => m.text)).toEqual(['hello general']);
  });

  test('a retried sendMessage with the same clientMsgId is stored and delivered once', async () => {
    const dan = await stack.user('dan');
    const socket = await stack.connect(dan.token);
    await joined(socket, 'general');
    const frame = { action: 'sendMessage', roomId: 'general', text: 'only once', clientMsgId: 'retry-1' };
    socket.send(frame);
    socket.send(frame);
    await socket.waitFor(() => socket.ofType('ack').length === 2);
    const [first, second] = socket.ofType('ack');
    expect(second!.message).toEqual(first!.message);
    await socket.waitFor(() => socket.broadcastMessages().some((m) => m.clientMsgId === 'retry-1'));
    socket.send(frame); // a later retry too
    await socket.waitFor(() => socket.ofType('ack').length === 3);
    await stack.settled();
    await socket.flush();
    expect(socket.broadcastMessages().filter((m) => m.clientMsgId === 'retry-1')).toHaveLength(1);
    socket.send({ action: 'getMessages', roomId: 'general', limit: 100 });
    const history = await socket.waitForType('messages');
    expect(history.messages.filter((m) => m.clientMsgId === 'retry-1')).toHaveLength(1);
  });

  test('getMessages pages back through 250 messages with no gap and no repeat', async () => {
    const eve = await stack.user('eve');
    const pagingRoom = (await createRoom(stack.db, { name: 'paging', createdBy: eve.id, now: Date.now() })).id;
    const newId = monotonicFactory();
    const stored: string[] = [];
    // A few at a time: every message moves the room's one counter, so a crowd of writers mostly retries.
    for (let i = 0; i < 250; i += 5) {
      const batch = Array.from({ length: 5 }, (_, j) => ({
        id: newId(),
        roomId: pagingRoom,
        userId: eve.id,
        username: 'eve',
        text: `#${i + j}`,
        createdAt: Date.now(),
        clientMsgId: `p-${i + j}`,
      }));
      stored.push(...batch.map((m) => m.id));
      await Promise.all(batch.map((m) => putMessage(stack.db, m)));
    }
    const socket = await stack.connect(eve.token, pagingRoom);
    let asked = 0;
    /** One page, asked again after `retryAfterMs` while the user's history budget says to wait (as a client should). */
    const page = async (query: { before?: string; after?: string; limit?: number }) => {
      for (;;) {
        const id = `page-${++asked}`;
        socket.send({ action: 'getMessages', roomId: pagingRoom, id, ...query });
        const answer = await socket.waitFor(() => socket.frames.find((f) => 'id' in f && f.id === id));
        if (answer.type === 'messages') return answer;
        expect(answer).toMatchObject({ type: 'error', code: 'RATE_LIMITED' });
        await new Promise((resolve) => setTimeout(resolve, (answer as { retryAfterMs: number }).retryAfterMs));
      }
    };
    const seen: string[] = [];
    let before: string | null = null;
    for (let n = 1; n <= 10; n++) {
      const answer = await page({ limit: 40, ...(before && { before }) });
      seen.push(...answer.messages.map((m) => m.id));
      before = answer.nextCursor;
      if (!before) break;
    }
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen).toEqual([...stored].reverse());
    // `after` fills a gap: only what is newer than the given id.
    const gap = await page({ after: stored[244]! });
    expect(gap.messages.map((m) => m.text)).toEqual(['#249', '#248', '#247', '#246', '#245']);
  });

  test('presence (as deltas) and typing reach the other members of the room only', async () => {
    const [fay, gus, hal] = await Promise.all([stack.user('fay'), stack.user('gus'), stack.user('hal')]);
    const presenceRoom = (await createRoom(stack.db, { name: 'presence', createdBy: fay.id, now: Date.now() })).id;
    const fayS = await stack.connect(fay.token); // joins below, once
    const gusS = await stack.connect(gus.token); // general, joins later
    const halS = await stack.connect(hal.token); // general only
    await joined(fayS, presenceRoom);
    const seenByFay = await fayS.waitForType('presence', (p) => p.roomId === presenceRoom && !!p.joined);
    expect(seenByFay).toEqual({ type: 'presence', roomId: presenceRoom, joined: [{ id: fay.id, username: 'fay' }] });
    await joined(gusS, presenceRoom);
    const gusJoined = await fayS.waitForType('presence', (p) => p.roomId === presenceRoom && !!p.joined?.some((u) => u.id === gus.id));
    expect(gusJoined).toEqual({ type: 'presence', roomId: presenceRoom, joined: [{ id: gus.id, username: 'gus' }] });

    gusS.send({ action: 'typing', roomId: presenceRoom });
    const typing = await fayS.waitForType('typing');
    const gusUser = { id: gus.id, username: 'gus' };
    expect(typing).toEqual({ type: 'typing', roomId: presenceRoom, user: gusUser, users: [gusUser] });
    await stack.settled();
    await Promise.all([gusS.flush(), halS.flush()]);
    expect(gusS.ofType('typing')).toHaveLength(0);
    expect(halS.ofType('typing')).toHaveLength(0);
    expect(halS.ofType('presence').filter((p) => p.roomId === presenceRoom)).toHaveLength(0);

    gusS.ws.close();
    const afterLeave = await fayS.waitForType('presence', (p) => p.roomId === presenceRoom && !!p.left);
    expect(afterLeave).toEqual({ type: 'presence', roomId: presenceRoom, left: [gusUser] });
  });

  test('unknown rooms are NOT_FOUND; a public room is FORBIDDEN until joinRoom joins it; leaveRoom unfocuses but keeps the membership', async () => {
    const ida = await stack.user('ida');
    const socket = await stack.connect(ida.token);
    await joined(socket, 'general');
    socket.send({ action: 'sendMessage', roomId: 'no-such-room', text: 'nowhere', clientMsgId: 'f-0' });
    expect(await socket.waitForType('error', (e) => e.clientMsgId === 'f-0')).toMatchObject({ code: 'NOT_FOUND', action: 'sendMessage' });
    socket.send({ action: 'joinRoom', roomId: 'no-such-room' });
    expect(await socket.waitForType('error', (e) => e.action === 'joinRoom')).toMatchObject({ code: 'NOT_FOUND' });
    socket.send({ action: 'sendMessage', roomId: room, text: 'not joined', clientMsgId: 'f-1' });
    expect(await socket.waitForType('error', (e) => e.clientMsgId === 'f-1')).toMatchObject({ code: 'FORBIDDEN', action: 'sendMessage' });
    await joined(socket, room);
    socket.send({ action: 'sendMessage', roomId: room, text: 'joined now', clientMsgId: 'f-2' });
    await socket.waitForType('ack', (a) => a.clientMsgId === 'f-2');
    const { connectionId } = (await connectionsInRoom(stack.db, room, Date.now())).find((c) => c.userId === ida.id)!;
    socket.send({ action: 'leaveRoom', roomId: room });
    await expect.poll(() => isSubscribed(stack.db, connectionId, room)).toBe(false);
    socket.send({ action: 'getMessages', roomId: room });
    const page = await socket.waitForType('messages', (m) => m.roomId === room);
    expect(page.messages.map((m) => m.text)).toContain('joined now');
    expect(page.messages.map((m) => m.text)).not.toContain('not joined');
    // Still a member: the room's messages keep coming without a focus.
    socket.send({ action: 'sendMessage', roomId: room, text: 'unfocused', clientMsgId: 'f-3' });
    await socket.waitFor(() => socket.broadcastMessages().find((m) => m.text === 'unfocused'));
  });
});
