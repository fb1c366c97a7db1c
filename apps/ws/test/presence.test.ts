import type { ServerEvent } from '@chat/contract';
import { connectionsInRoom, createRoom } from '@chat/db';
import { afterAll, beforeEach, expect, test } from 'vitest';
import type { Poster } from '../src/poster.ts';
import { startRealtime, type TestSocket } from './harness.ts';

const stack = await startRealtime();
afterAll(() => stack.stop());

/** Every post the handler makes, recorded on its way to the real poster. */
const posts: { connectionId: string; frame: ServerEvent }[] = [];
const realPoster = stack.deps.poster;
const recordingPoster: Poster = {
  post(connectionId, frame) {
    if (typeof frame !== 'string') posts.push({ connectionId, frame });
    return realPoster.post(connectionId, frame);
  },
  postToMany(connectionIds, frame) {
    if (typeof frame !== 'string') for (const connectionId of connectionIds) posts.push({ connectionId, frame });
    return realPoster.postToMany(connectionIds, frame);
  },
};
stack.deps.poster = recordingPoster;
beforeEach(() => {
  posts.length = 0;
});

const newRoom = async (name: string) => (await createRoom(stack.db, { name, createdBy: 't', now: Date.now() })).id;

/** Stream batches handled so far that carried an Activity record of `roomId`. */
const activityBatches = (roomId: string) =>
  stack.streamBatches.filter((b) =>
    b.Records.some((r) => r.dynamodb?.NewImage?._et?.S === 'Activity' && r.dynamodb.NewImage.pk?.S === `ACTIVITY#${roomId}`),
  ).length;

const presenceIn = (socket: TestSocket, roomId: string) => socket.ofType('presence').filter((p) => p.roomId === roomId);
const joinedIds = (socket: TestSocket, roomId: string) => new Set(presenceIn(socket, roomId).flatMap((p) => (p.joined ?? []).map((u) => u.id)));
const leftIds = (socket: TestSocket, roomId: string) => new Set(presenceIn(socket, roomId).flatMap((p) => (p.left ?? []).map((u) => u.id)));

/** Members of a fresh room: each has joined and has seen its own join come back. */
async function members(roomId: string, count: number, prefix: string) {
  const users = await Promise.all(Array.from({ length: count }, (_, i) => stack.user(`${prefix}${i}`)));
  const sockets = await Promise.all(users.map((u) => stack.connect(u.token)));
  sockets.forEach((s) => s.send({ action: 'joinRoom', roomId }));
  await Promise.all(sockets.map((s, i) => s.waitFor(() => joinedIds(s, roomId).has(users[i]!.id))));
  await stack.settled();
  posts.length = 0;
  return { users, sockets };
}

/** Frames a socket sent before this have all been dispatched to the handler once its pong is back. */
async function dispatched(socket: TestSocket) {
  const pongs = socket.ofType('pong').length;
  socket.send({ action: 'ping' });
  await socket.waitFor(() => socket.ofType('pong').length > pongs);
}

test('100 leaveRoom frames from a user who never joined put no presence frame on the members', async () => {
  const roomId = await newRoom('never-joined');
  const { sockets } = await members(roomId, 20, 'nj');
  const stranger = await stack.connect((await stack.user('stranger')).token);
  const before = sockets.map((s) => presenceIn(s, roomId).length);
  const batchesBefore = stack.streamBatches.length;

  for (let i = 0; i < 100; i++) stranger.send({ action: 'leaveRoom', roomId });
  await dispatched(stranger);
  await stack.settled();
  await Promise.all(sockets.map((s) => s.flush()));

  expect(sockets.map((s) => presenceIn(s, roomId).length)).toEqual(before);
  expect(posts.filter((p) => p.frame.type === 'presence')).toEqual([]);
  // Nothing was even written for the stream to carry.
  expect(stack.streamBatches.slice(batchesBefore).flatMap((b) => b.Records)).toEqual([]);
});

test('10 users joining in one burst: each member gets their joins as deltas, at most one frame per batch', async () => {
  const roomId = await newRoom('burst');
  const { sockets } = await members(roomId, 5, 'bm');
  const batchesBefore = activityBatches(roomId);
  const before = sockets.map((s) => presenceIn(s, roomId).length);
  const joiners = await Promise.all(Array.from({ length: 10 }, (_, i) => stack.user(`bj${i}`)));
  const joinerSockets = await Promise.all(joiners.map((u) => stack.connect(u.token)));

  joinerSockets.forEach((s) => s.send({ action: 'joinRoom', roomId }));
  for (const s of sockets) await s.waitFor(() => joiners.every((u) => joinedIds(s, roomId).has(u.id)));
  await stack.settled();

  const batches = activityBatches(roomId) - batchesBefore;
  for (const [i, s] of sockets.entries()) {
    const frames = presenceIn(s, roomId).slice(before[i]);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.length).toBeLessThanOrEqual(batches);
    expect(frames.every((f) => f.users === undefined && f.left === undefined)).toBe(true);
  }
  // Per batch, per connection: at most one presence post.
  const perConnection = new Map<string, number>();
  for (const p of posts) if (p.frame.type === 'presence') perConnection.set(p.connectionId, (perConnection.get(p.connectionId) ?? 0) + 1);
  expect(Math.max(...perConnection.values())).toBeLessThanOrEqual(batches);
});

test('300 sockets of 15 users (20 each, the cap per user) disconnecting cost the other members O(members × batches) posts, not n²', async () => {
  const roomId = await newRoom('mass-disconnect');
  const { sockets } = await members(roomId, 5, 'md');
  const memberIds = new Set(
    (await connectionsInRoom(stack.db, roomId, Date.now())).map((c) => c.connectionId),
  );
  const tabUsers = await Promise.all(Array.from({ length: 15 }, (_, u) => stack.user(`tabs${u}`)));
  const tabIds = new Set(tabUsers.map((u) => u.id));
  const tabSockets: TestSocket[] = [];
  for (let i = 0; i < 300; i += 50) {
    tabSockets.push(...(await Promise.all(Array.from({ length: 50 }, (_, k) => stack.connect(tabUsers[(i + k) % 15]!.token, roomId)))));
  }
  await expect.poll(async () => (await connectionsInRoom(stack.db, roomId, Date.now())).length, { timeout: 30_000 }).toBe(305);
  await stack.settled();
  posts.length = 0;
  const batchesBefore = activityBatches(roomId);

  for (const s of tabSockets) s.ws.close();
  for (const s of sockets) await s.waitFor(() => [...tabIds].every((id) => leftIds(s, roomId).has(id)), 60_000);
  await expect.poll(async () => (await connectionsInRoom(stack.db, roomId, Date.now())).length, { timeout: 30_000 }).toBe(5);
  await stack.settled();

  const batches = activityBatches(roomId) - batchesBefore;
  const toMembers = posts.filter((p) => memberIds.has(p.connectionId));
  expect(batches).toBeGreaterThan(0);
  expect(toMembers.length).toBeLessThanOrEqual(sockets.length * batches);
  // Only `left` frames, and only from the batches that found a user's last socket gone (records
  // of sockets deleted earlier can still be on their way): not one post per socket, let alone n².
  expect(toMembers.every((p) => p.frame.type === 'presence' && !!p.frame.left?.length && p.frame.left.every((u) => tabIds.has(u.id)))).toBe(true);
  expect(posts.length).toBeLessThan(tabSockets.length);
});

test('typing reaches the others once per batch with every typist, never the typist', async () => {
  const roomId = await newRoom('typing');
  const { users, sockets } = await members(roomId, 3, 'ty');
  const [ann, bob, cat] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]];
  const [annS, bobS, catS] = sockets as [TestSocket, TestSocket, TestSocket];
  const annTab = await stack.connect(ann.token);
  annTab.send({ action: 'joinRoom', roomId });
  await expect.poll(async () => (await connectionsInRoom(stack.db, roomId, Date.now())).length).toBe(4);
  await stack.settled();
  const batchesBefore = activityBatches(roomId);

  for (let i = 0; i < 3; i++) {
    annS.send({ action: 'typing', roomId });
    bobS.send({ action: 'typing', roomId });
  }
  const typists = (frames: ServerEvent[]) =>
    new Set(frames.flatMap((f) => (f.type === 'typing' && f.roomId === roomId ? (f.users ?? [f.user]).map((u) => u.id) : [])));
  await catS.waitFor((frames) => typists(frames).has(ann.id) && typists(frames).has(bob.id));
  await dispatched(annS);
  await dispatched(bobS);
  await stack.settled();
  await Promise.all([annS, annTab, bobS, catS].map((s) => s.flush()));

  const batches = activityBatches(roomId) - batchesBefore;
  for (const s of [annS, annTab, bobS, catS]) expect(s.ofType('typing').length).toBeLessThanOrEqual(batches);
  // Every frame names its user among `users`.
  for (const f of catS.ofType('typing')) expect(f.users?.map((u) => u.id)).toContain(f.user.id);
  // Neither of ann's sockets hears of ann; bob hears of ann, ann of bob.
  for (const s of [annS, annTab]) expect(typists(s.frames)).toEqual(new Set([bob.id]));
  expect(typists(bobS.frames)).toEqual(new Set([ann.id]));
  expect(typists(catS.frames).has(cat.id)).toBe(false);
});

test('a user with two sockets closing one is still present (no left); closing the second is one left', async () => {
  const roomId = await newRoom('two-tabs');
  const { sockets } = await members(roomId, 2, 'tt');
  const dan = await stack.user('dan');
  const [tab1, tab2] = [await stack.connect(dan.token), await stack.connect(dan.token)];
  tab1.send({ action: 'joinRoom', roomId });
  tab2.send({ action: 'joinRoom', roomId });
  for (const s of sockets) await s.waitFor(() => joinedIds(s, roomId).has(dan.id));
  await expect.poll(async () => (await connectionsInRoom(stack.db, roomId, Date.now())).length).toBe(4);
  await stack.settled();

  tab1.ws.close();
  await expect.poll(async () => (await connectionsInRoom(stack.db, roomId, Date.now())).length).toBe(3);
  await stack.settled();
  await Promise.all(sockets.map((s) => s.flush()));
  for (const s of sockets) expect(leftIds(s, roomId).has(dan.id)).toBe(false);

  tab2.ws.close();
  for (const s of sockets) await s.waitFor(() => leftIds(s, roomId).has(dan.id));
  await stack.settled();
  await Promise.all(sockets.map((s) => s.flush()));
  for (const s of sockets) expect(presenceIn(s, roomId).filter((p) => p.left?.some((u) => u.id === dan.id))).toHaveLength(1);
});
