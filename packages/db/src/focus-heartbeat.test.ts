import { limits } from '@chat/contract';
import { expect, test } from 'vitest';
import { connectionsInRoom, endFocus, focusesOf, markFocusGone, markFocusesSeen, quietFocuses, subscribe, type StoredConnection } from './connections.ts';
import { createTestDb } from './testing.ts';

const db = await createTestDb();
const stale = limits.focus.staleAfterMs;

const connection = (id: string): StoredConnection => ({
  connectionId: id,
  userId: `user-${id}`,
  username: `name-${id}`,
  connectedAt: 0,
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
});
const idsIn = async (roomId: string, now: number) => (await connectionsInRoom(db, roomId, now)).map((c) => c.connectionId).sort();

test('a focus counts until staleAfterMs past its last heartbeat; a heartbeat never brings back an ended focus', async () => {
  const t0 = Date.now();
  await subscribe(db, connection('hb-a'), 'hb-room', t0);
  await subscribe(db, connection('hb-b'), 'hb-room', t0);
  await subscribe(db, connection('hb-b'), 'hb-other', t0);
  expect(await idsIn('hb-room', t0 + stale - 1)).toEqual(['hb-a', 'hb-b']);
  expect(await idsIn('hb-room', t0 + stale)).toEqual([]);

  await markFocusesSeen(db, 'hb-b', t0 + stale - 1); // both of b's focuses
  expect(await idsIn('hb-room', t0 + stale)).toEqual(['hb-b']);
  expect(await idsIn('hb-other', t0 + 2 * stale - 2)).toEqual(['hb-b']);

  await endFocus(db, 'hb-b', 'hb-other');
  await markFocusesSeen(db, 'hb-b', t0 + stale);
  expect((await focusesOf(db, 'hb-b')).map((f) => f.roomId)).toEqual(['hb-room']);
  await markFocusesSeen(db, 'nobody', t0); // no focuses: nothing to do, no error
});

test('a quiet focus is announced gone once; its next heartbeat answers it as back, and it can go quiet again', async () => {
  const t0 = Date.now();
  await subscribe(db, connection('q-a'), 'q-room', t0);
  await subscribe(db, connection('q-b'), 'q-room', t0);
  const quietIds = async (now: number) => (await quietFocuses(db, 'q-room', now)).map((f) => f.connectionId).sort();
  expect(await quietIds(t0 + stale - 1)).toEqual([]);
  await markFocusesSeen(db, 'q-a', t0 + stale - 1);
  expect(await quietFocuses(db, 'q-room', t0 + stale)).toEqual([{ roomId: 'q-room', connectionId: 'q-b', userId: 'user-q-b', username: 'name-q-b' }]);

  // Two sweepers at once: one of them tells the room.
  const wins = await Promise.all([markFocusGone(db, { connectionId: 'q-b', roomId: 'q-room' }, t0 + stale), markFocusGone(db, { connectionId: 'q-b', roomId: 'q-room' }, t0 + stale)]);
  expect(wins.sort()).toEqual([false, true]);
  expect(await quietIds(t0 + stale)).toEqual([]);
  // A focus a ping refreshed meanwhile is not marked.
  expect(await markFocusGone(db, { connectionId: 'q-a', roomId: 'q-room' }, t0 + stale)).toBe(false);

  expect(await markFocusesSeen(db, 'q-b', t0 + stale + 1)).toEqual({
    rooms: ['q-room'],
    back: [{ roomId: 'q-room', connectionId: 'q-b', userId: 'user-q-b', username: 'name-q-b' }],
  });
  expect(await markFocusesSeen(db, 'q-b', t0 + stale + 2)).toEqual({ rooms: ['q-room'], back: [] });
  expect(await quietIds(t0 + 2 * stale + 2)).toEqual(['q-a', 'q-b']);
});
