// The room change feed over real sockets: `joinRoom {since}` answered by `joined`, edits and
// reactions delivered live (MODIFY records), replies, and every answer frame echoing its `id`.
import type { Message, ServerEvent } from '@chat/contract';
import { addMember, createRoom, deleteMessage, editMessage, reactToMessage } from '@chat/db';
import { afterAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { actionBudgets } from '../src/user-limits.ts';
import { startRealtime, type TestSocket } from './harness.ts';

const stack = await startRealtime();
afterAll(() => stack.stop());

const newRoom = async (name: string) => (await createRoom(stack.db, { name: `${name} ${Date.now()}`, createdBy: 't', now: Date.now() })).id;

let sends = 0;
/** Sends over the socket and answers the stored message from the ack. */
async function send(socket: TestSocket, roomId: string, text: string, replyTo?: string): Promise<Message> {
  const clientMsgId = `cm-${++sends}`;
  socket.send({ action: 'sendMessage', roomId, text, clientMsgId, ...(replyTo && { replyTo }) });
  return (await socket.waitForType('ack', (a) => a.clientMsgId === clientMsgId)).message;
}

/** The highest seq a socket has seen for a room, from every frame that carries messages. */
function highestSeq(frames: readonly ServerEvent[], roomId: string): number {
  const seqs = frames.flatMap((f) =>
    f.type === 'message' ? [f.message] : f.type === 'messageBatch' || f.type === 'messages' ? f.messages : f.type === 'ack' ? [f.message] : f.type === 'joined' ? f.changes : [],
  );
  return Math.max(0, ...seqs.filter((m) => m.roomId === roomId).map((m) => m.seq));
}

describe('the change feed', () => {
  test('a client offline while others send 3, edit, delete, react and reply gets each change once, in its final state, when it resumes', async () => {
    const roomId = await newRoom('offline');
    const [ann, bob] = await Promise.all([stack.user('ann'), stack.user('bob')]);
    const bobS = await stack.connect(bob.token, roomId);
    const annS = await stack.connect(ann.token, roomId);
    annS.send({ action: 'joinRoom', roomId, id: 'first-join' });
    await annS.waitForType('joined', (j) => j.id === 'first-join');
    const untouched = await send(bobS, roomId, 'never changes');
    const [toEdit, toDelete, toReact] = [await send(bobS, roomId, 'to edit'), await send(bobS, roomId, 'to delete'), await send(bobS, roomId, 'to react to')];
    await annS.waitFor(() => annS.broadcastMessages().some((m) => m.id === toReact.id));
    const since = highestSeq(annS.frames, roomId);
    expect(since).toBe(toReact.seq);
    annS.ws.close();

    // Meanwhile: three new messages, an edit of an old one, a delete, a reaction, a reply.
    const bobP = { id: bob.id, username: bob.username };
    const fresh = [await send(bobS, roomId, 'new 1'), await send(bobS, roomId, 'new 2'), await send(bobS, roomId, 'new 3')];
    const edited = await editMessage(stack.db, { roomId, messageId: toEdit.id, text: 'edited' }, bobP, Date.now());
    const deleted = await deleteMessage(stack.db, { roomId, messageId: toDelete.id }, bobP, Date.now());
    const reacted = await reactToMessage(stack.db, { roomId, messageId: toReact.id, emoji: '👍', on: true }, { id: ann.id, username: ann.username });
    const reply = await send(bobS, roomId, 'a reply', toEdit.id);

    const again = await stack.connect(ann.token, roomId);
    again.send({ action: 'joinRoom', roomId, since, id: 'resume' });
    const joined = await again.waitForType('joined', (j) => j.id === 'resume');
    const finalEdited = { ...edited, replyCount: 1, seq: reply.seq + 1 }; // the reply changed its parent
    expect(joined.changes).toEqual([...fresh, deleted, reacted, reply, finalEdited]);
    expect(joined).toMatchObject({ type: 'joined', roomId, seq: finalEdited.seq, hasMore: false });
    expect(joined.changes.map((m) => m.id)).not.toContain(untouched.id);
    // Each change once; no history was fetched again.
    expect(new Set(joined.changes.map((m) => m.id)).size).toBe(joined.changes.length);
    expect(again.ofType('messages')).toEqual([]);
  });

  test('edits and reactions reach the room live as changed messages; a reply changes its parent too', async () => {
    const roomId = await newRoom('live');
    const [cat, dan] = await Promise.all([stack.user('cat'), stack.user('dan')]);
    const catS = await stack.connect(cat.token, roomId);
    const danS = await stack.connect(dan.token, roomId);
    const original = await send(catS, roomId, 'original');
    const edited = await editMessage(stack.db, { roomId, messageId: original.id, text: 'changed' }, { id: cat.id, username: 'cat' }, Date.now());
    const got = await danS.waitFor(() => danS.broadcastMessages().find((m) => m.id === original.id && m.seq === edited.seq));
    expect(got).toEqual(edited);
    const reply = await send(danS, roomId, 'in the thread', original.id);
    expect(reply.replyTo).toBe(original.id);
    const parent = await catS.waitFor(() => catS.broadcastMessages().find((m) => m.id === original.id && m.replyCount === 1));
    expect(parent.seq).toBe(reply.seq + 1);
  });

  test('sendMessage: a replyTo of another room is BAD_REQUEST, a clientMsgId of another room CONFLICT; both echo id and clientMsgId', async () => {
    const [roomA, roomB] = [await newRoom('reply a'), await newRoom('reply b')];
    const eve = await stack.user('eve');
    const socket = await stack.connect(eve.token, roomA);
    await addMember(stack.db, roomB, eve, Date.now()); // allowed to send there: only the reply and the clientMsgId are wrong
    const inA = await send(socket, roomA, 'in a');
    socket.send({ action: 'sendMessage', roomId: roomB, text: 'cross', clientMsgId: 'cross-1', replyTo: inA.id, id: 'r1' });
    expect(await socket.waitForType('error', (e) => e.id === 'r1')).toMatchObject({ code: 'BAD_REQUEST', clientMsgId: 'cross-1', action: 'sendMessage' });
    socket.send({ action: 'sendMessage', roomId: roomB, text: 'reused', clientMsgId: inA.clientMsgId, id: 'r2' });
    expect(await socket.waitForType('error', (e) => e.id === 'r2')).toMatchObject({ code: 'CONFLICT', clientMsgId: inA.clientMsgId });
    // The same room: acked with the first message, stored once.
    socket.send({ action: 'sendMessage', roomId: roomA, text: 'reused', clientMsgId: inA.clientMsgId, id: 'r3' });
    expect((await socket.waitForType('ack', (a) => a.id === 'r3')).message).toEqual(inA);
    // joinRoom without since: no changes, the room's lastSeq, who is online.
    socket.send({ action: 'joinRoom', roomId: roomA, id: 'j' });
    const joined = await socket.waitForType('joined', (j) => j.id === 'j');
    expect(joined).toEqual({ type: 'joined', id: 'j', roomId: roomA, seq: inA.seq, changes: [], hasMore: false, users: [{ id: eve.id, username: 'eve' }], online: 1 });
  });

  test('50 requests in flight on one socket: each is answered by the frame with its own id', async () => {
    const roomId = await newRoom('in flight');
    const fay = await stack.user('fay');
    const socket = await stack.connect(fay.token, roomId);
    const expected = new Map<string, (f: ServerEvent) => boolean>();
    const request = (id: string, frame: object, answers: (f: ServerEvent) => boolean) => {
      expected.set(id, answers);
      socket.send({ ...frame, id });
    };
    // As many sends as the user's burst allows at once (actionBudgets), so each is acked.
    for (let i = 0; i < actionBudgets.sendMessage.burst; i++) {
      request(`send-${i}`, { action: 'sendMessage', roomId, text: `m${i}`, clientMsgId: `fl-${i}` }, (f) => f.type === 'ack' && f.clientMsgId === `fl-${i}`);
    }
    for (let i = 0; i < 15; i++) request(`join-${i}`, { action: 'joinRoom', roomId, since: i }, (f) => f.type === 'joined' && f.roomId === roomId);
    for (let i = 0; i < 10; i++) request(`page-${i}`, { action: 'getMessages', roomId, limit: i + 1 }, (f) => f.type === 'messages' && f.roomId === roomId);
    for (let i = 0; i < 5; i++) request(`ping-${i}`, { action: 'ping' }, (f) => f.type === 'pong');
    for (let i = 0; expected.size < 50; i++) {
      request(`bad-${i}`, { action: 'sendMessage', roomId, text: '  ', clientMsgId: `bad-${i}` }, (f) => f.type === 'error' && f.code === 'BAD_REQUEST');
    }
    expect(expected.size).toBe(50);

    const answered = () => socket.frames.filter((f) => 'id' in f && typeof f.id === 'string');
    await socket.waitFor(() => answered().length >= 50, 30_000);
    await stack.settled();
    await socket.flush();
    const byId = new Map<string, ServerEvent[]>();
    for (const f of answered()) byId.set((f as { id: string }).id, [...(byId.get((f as { id: string }).id) ?? []), f]);
    expect([...byId.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [id, answers] of expected) {
      const frames = byId.get(id)!;
      expect(frames, id).toHaveLength(1);
      expect(answers(frames[0]!), `${id}: ${JSON.stringify(frames[0])}`).toBe(true);
    }
    // Frames that answer no request (the room's broadcasts) carry no id.
    expect(socket.frames.filter((f) => f.type === 'message' || f.type === 'messageBatch').every((f) => !('id' in f))).toBe(true);
  });

  test('a frame that fails validation is answered with its id if that id is valid, and without one if not', async () => {
    const gus = await stack.user('gus');
    const socket = await stack.connect(gus.token);
    socket.send({ action: 'getMessages', roomId: 'general', limit: 1000, id: 'bad-limit' });
    expect(await socket.waitForType('error', (e) => e.id === 'bad-limit')).toMatchObject({ code: 'BAD_REQUEST', action: 'getMessages' });
    socket.send({ action: 'dance', id: 'unknown-action' });
    expect(await socket.waitForType('error', (e) => e.id === 'unknown-action')).toMatchObject({ code: 'BAD_REQUEST', action: 'dance' });
    socket.send({ action: 'ping', id: 'not valid!' });
    const pong = await socket.waitForType('pong');
    expect(pong).toEqual({ type: 'pong' });
    socket.send({ action: 'joinRoom', roomId: 'general', since: -1, id: 'x'.repeat(65) });
    const error = await socket.waitForType('error', (e) => e.action === 'joinRoom');
    expect(error.code).toBe('BAD_REQUEST');
    expect(error).not.toHaveProperty('id');
  });

  test('a member on a plain ws client: joinRoom for a room other than general, a sendMessage right behind it, wait for joined, sendMessage: never FORBIDDEN', async () => {
    const roomId = await newRoom('raw client');
    for (let round = 0; round < 10; round++) {
      // A user per round: 20 sends of one user at once would meet its send budget.
      const hal = await stack.user(`hal${round}`);
      // Access follows the stored membership, not this connection's focus, which the eager send can overtake.
      await addMember(stack.db, roomId, hal, Date.now());
      const ws = new WebSocket(`${stack.emulator.url}?token=${encodeURIComponent(hal.token)}`);
      const frames: ServerEvent[] = [];
      const arrived = (match: (f: ServerEvent) => boolean) =>
        new Promise<ServerEvent>((resolve) => {
          const found = frames.find(match);
          if (found) return resolve(found);
          const onMessage = () => {
            const f = frames.find(match);
            if (!f) return;
            ws.off('message', onMessage);
            resolve(f);
          };
          ws.on('message', onMessage);
        });
      ws.on('message', (data) => frames.push(JSON.parse(String(data)) as ServerEvent));
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      ws.send(JSON.stringify({ action: 'joinRoom', roomId }));
      // Also one right behind the join, which API Gateway may run first.
      ws.send(JSON.stringify({ action: 'sendMessage', roomId, text: `eager ${round}`, clientMsgId: `eager-${round}` }));
      await arrived((f) => f.type === 'joined' && f.roomId === roomId);
      ws.send(JSON.stringify({ action: 'sendMessage', roomId, text: `round ${round}`, clientMsgId: `raw-${round}` }));
      for (const clientMsgId of [`eager-${round}`, `raw-${round}`]) {
        const answer = await arrived((f) => (f.type === 'ack' || f.type === 'error') && f.clientMsgId === clientMsgId);
        expect(answer).toMatchObject({ type: 'ack', message: { roomId } });
      }
      expect(frames.filter((f) => f.type === 'error')).toEqual([]);
      ws.close();
    }
  });
});
