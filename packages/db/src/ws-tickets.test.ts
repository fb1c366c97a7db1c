import { expect, test } from 'vitest';
import { createTestDb } from './testing.ts';
import { bumpTokenVersion, getTokenVersion } from './token-versions.ts';
import { createUser, getUser } from './users.ts';
import { consumeWsTicket, hashTicket, putWsTicket } from './ws-tickets.ts';

const db = await createTestDb();
const at = Date.UTC(2026, 0, 1);
const ticket = (hash: string) => ({ ticketHash: hash, userId: 'u1', username: 'ann', tokenVersion: 0, tokenExpiresAt: at + 3_600_000, expiresAt: at / 1000 + 60 });

test('a ticket is used up once: of concurrent uses exactly one gets it', async () => {
  const hash = hashTicket('ticket-one');
  await putWsTicket(db, ticket(hash));
  const uses = await Promise.all([1, 2, 3].map(() => consumeWsTicket(db, hash, at)));
  expect(uses.filter(Boolean)).toEqual([ticket(hash)]);
  expect(await consumeWsTicket(db, hash, at)).toBeUndefined();
});

test('an expired ticket is refused while TTL has not removed it; an unknown one too', async () => {
  const hash = hashTicket('ticket-late');
  await putWsTicket(db, ticket(hash));
  expect(await consumeWsTicket(db, hash, at + 60_000)).toBeUndefined();
  expect(await consumeWsTicket(db, hashTicket('never issued'), at)).toBeUndefined();
  expect(await consumeWsTicket(db, hash, at + 59_999)).toEqual(ticket(hash)); // still there, and valid before
});

test('the hash is SHA-256 hex, never the ticket', () => {
  expect(hashTicket('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('bumpTokenVersion moves the version from 0 (absent) up by one, sets a new hash, never creates a user', async () => {
  await createUser(db, { id: 'tv-1', email: 'tv@example.com', username: 'tvuser', passwordHash: 'old', createdAt: at });
  expect(await getTokenVersion(db, 'tv-1')).toBe(0);
  expect(await bumpTokenVersion(db, 'tv-1')).toBe(1);
  expect(await bumpTokenVersion(db, 'tv-1', 'new')).toBe(2);
  expect(await getUser(db, 'tv-1')).toMatchObject({ tokenVersion: 2, passwordHash: 'new', email: 'tv@example.com' });
  expect(await bumpTokenVersion(db, 'nobody')).toBeUndefined();
  expect(await getTokenVersion(db, 'nobody')).toBeUndefined();
});
