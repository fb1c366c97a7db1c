// The signed-in session: kept in localStorage until the token expires, then the user is sent
// back to the login screen with a sentence saying why. One instance per page; the tRPC client
// reads the token from it and ends it when the server says the token is no longer good.
import type { AuthResult, User } from '@chat/contract';
import { isTokenExpired, tokenExpiresAt } from './jwt.ts';

export interface Session {
  token: string;
  user: User;
  /** From the token's `exp` (epoch ms). */
  expiresAt: number;
}

export type SignOutReason = 'manual' | 'expired' | 'invalid' | 'elsewhere';

export interface SessionState {
  session: Session | null;
  /** Why the user is looking at the login screen, when it was not their choice. */
  notice: string | null;
}

export interface SessionStore {
  get(): SessionState;
  subscribe(listener: () => void): () => void;
  signIn(result: AuthResult): void;
  signOut(reason: SignOutReason): void;
  dispose(): void;
}

export const SESSION_KEY = 'chat.session';

export const signOutNotices: Record<SignOutReason, string | null> = {
  manual: null,
  expired: 'Your session expired. Please log in again.',
  invalid: 'Your session is no longer valid. Please log in again.',
  elsewhere: 'You logged out in another tab.',
};

/** The stored session, if it is well-formed and not expired. */
export function parseStoredSession(raw: string | null, now: number): { session: Session | null; expired: boolean } {
  if (!raw) return { session: null, expired: false };
  try {
    const value = JSON.parse(raw) as Partial<Session> | null;
    const user = value?.user;
    if (typeof value?.token !== 'string' || !user || typeof user.id !== 'string' || typeof user.username !== 'string') {
      return { session: null, expired: false };
    }
    if (isTokenExpired(value.token, now)) return { session: null, expired: true };
    const expiresAt = tokenExpiresAt(value.token)!;
    return { session: { token: value.token, user: { id: user.id, email: String(user.email ?? ''), username: user.username }, expiresAt }, expired: false };
  } catch {
    return { session: null, expired: false };
  }
}

/** Browsers fire timers late, never early, and cap delays at 2^31-1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function createSessionStore(storage: Storage, now: () => number = Date.now): SessionStore {
  const stored = parseStoredSession(storage.getItem(SESSION_KEY), now());
  if (stored.expired) storage.removeItem(SESSION_KEY);
  let state: SessionState = { session: stored.session, notice: stored.expired ? signOutNotices.expired : null };
  const listeners = new Set<() => void>();
  let expiryTimer: ReturnType<typeof setTimeout> | undefined;

  function set(next: SessionState): void {
    state = next;
    scheduleExpiry();
    for (const listener of [...listeners]) listener();
  }

  function scheduleExpiry(): void {
    clearTimeout(expiryTimer);
    const session = state.session;
    if (!session) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, session.expiresAt - now()));
    expiryTimer = setTimeout(() => {
      if (state.session !== session) return;
      if (session.expiresAt <= now()) store.signOut('expired');
      else scheduleExpiry();
    }, delay);
  }

  // Log in or out in one tab, and the others follow.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== SESSION_KEY && event.key !== null) return;
    const { session } = parseStoredSession(storage.getItem(SESSION_KEY), now());
    if (session?.token === state.session?.token) return;
    set(session ? { session, notice: null } : { session: null, notice: state.session ? signOutNotices.elsewhere : state.notice });
  };
  // A sleeping laptop fires timers late: look again when the page is shown.
  const onVisible = () => {
    if (state.session && state.session.expiresAt <= now()) store.signOut('expired');
  };
  globalThis.addEventListener?.('storage', onStorage);
  globalThis.document?.addEventListener('visibilitychange', onVisible);

  const store: SessionStore = {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    signIn(result) {
      const expiresAt = tokenExpiresAt(result.token);
      if (expiresAt === null) throw new Error('The server sent a token without an expiry');
      const session: Session = { token: result.token, user: result.user, expiresAt };
      storage.setItem(SESSION_KEY, JSON.stringify({ token: session.token, user: session.user }));
      set({ session, notice: null });
    },
    signOut(reason) {
      if (!state.session) return;
      storage.removeItem(SESSION_KEY);
      set({ session: null, notice: signOutNotices[reason] });
    },
    dispose() {
      clearTimeout(expiryTimer);
      globalThis.removeEventListener?.('storage', onStorage);
      globalThis.document?.removeEventListener('visibilitychange', onVisible);
    },
  };
  scheduleExpiry();
  return store;
}
