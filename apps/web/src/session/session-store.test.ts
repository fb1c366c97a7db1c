import { afterEach, describe, expect, test, vi } from 'vitest';
import { MemoryStorage } from '../test-support/fakes.ts';
import { createSessionStore, SESSION_KEY } from './session-store.ts';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const tokenExpiringAt = (epochMs: number) => `${b64url({ alg: 'HS256' })}.${b64url({ sub: 'u1', exp: epochMs / 1000 })}.sig`;
const user = { id: 'u1', email: 'ann@example.com', username: 'ann' };

afterEach(() => vi.useRealTimers());

describe('session store', () => {
  test('a session survives a reload until its token expires', () => {
    const storage = new MemoryStorage();
    const now = Date.parse('2025-01-01T12:00:00Z');
    const first = createSessionStore(storage, () => now);
    first.signIn({ token: tokenExpiringAt(now + 3600_000), user });
    first.dispose();

    const reloaded = createSessionStore(storage, () => now + 60_000);
    expect(reloaded.get().session).toMatchObject({ user, expiresAt: now + 3600_000 });
    reloaded.dispose();

    const later = createSessionStore(storage, () => now + 3600_000);
    expect(later.get()).toEqual({ session: null, notice: 'Your session expired. Please log in again.' });
    expect(storage.getItem(SESSION_KEY)).toBeNull();
    later.dispose();
  });

  test('ends by itself when the token expires, with a sentence saying so', () => {
    vi.useFakeTimers({ now: Date.parse('2025-01-01T12:00:00Z') });
    const store = createSessionStore(new MemoryStorage());
    const seen: (string | null)[] = [];
    store.subscribe(() => seen.push(store.get().notice));
    store.signIn({ token: tokenExpiringAt(Date.now() + 90_000), user });
    vi.advanceTimersByTime(89_000);
    expect(store.get().session).not.toBeNull();
    vi.advanceTimersByTime(1_000);
    expect(store.get()).toEqual({ session: null, notice: 'Your session expired. Please log in again.' });
    expect(seen).toEqual([null, 'Your session expired. Please log in again.']);
    store.dispose();
  });

  test('logging out on purpose shows no notice; a rejected token does', () => {
    const store = createSessionStore(new MemoryStorage());
    store.signIn({ token: tokenExpiringAt(Date.now() + 3600_000), user });
    store.signOut('manual');
    expect(store.get()).toEqual({ session: null, notice: null });
    store.signIn({ token: tokenExpiringAt(Date.now() + 3600_000), user });
    store.signOut('invalid');
    expect(store.get().notice).toBe('Your session is no longer valid. Please log in again.');
    store.dispose();
  });

  test('garbage in storage is no session', () => {
    const storage = new MemoryStorage();
    storage.setItem(SESSION_KEY, '{not json');
    const store = createSessionStore(storage);
    expect(store.get()).toEqual({ session: null, notice: null });
    store.dispose();
  });
});
