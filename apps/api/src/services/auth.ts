import { FieldIssues, type AuthResult, type AuthService, type User } from '@chat/contract';
import { createUser, findUserByEmail, getUser, type StoredUser, UniqueConstraintError } from '@chat/db';
import { TRPCError } from '@trpc/server';
import { LRUCache } from 'lru-cache';
import type { AuthThrottle } from './auth-throttle.ts';
import { publicUser } from './public-user.ts';
import { createTokenAuth, type TokenAuthDeps } from './token-auth.ts';

const BAD_CREDENTIALS = 'Email or password is incorrect';
/** A user's id, email and username never change: `me` may answer from memory for a while. */
const USER_CACHE_MS = 5 * 60_000;
const USER_CACHE_SIZE = 10_000;

export function createAuthService(deps: TokenAuthDeps & { throttle: AuthThrottle }): AuthService {
  const { db, passwords, now, throttle } = deps;
  // Tokens, their versions, tickets, logging out everywhere and password changes: token-auth.ts.
  const tokenAuth = createTokenAuth(deps);
  // ttlResolution 0: the TTL reads `now` on every get.
  const users = new LRUCache<string, User>({ max: USER_CACHE_SIZE, ttl: USER_CACHE_MS, ttlResolution: 0, perf: { now } });

  const session = (user: StoredUser): Promise<AuthResult> => tokenAuth.session(user);

  return {
    async signup(input, client) {
      // Before bcrypt: the throttles are there to spare its CPU.
      await throttle.signup(client);
      const user: StoredUser = {
        id: crypto.randomUUID(),
        email: input.email,
        username: input.username,
        passwordHash: await passwords.hash(input.password),
        createdAt: now(),
      };
      try {
        await createUser(db, user);
      } catch (err) {
        if (!(err instanceof UniqueConstraintError)) throw err;
        const message = err.field === 'email' ? 'This email is already registered' : 'This username is taken';
        throw new TRPCError({ code: 'CONFLICT', message, cause: new FieldIssues(err.field, message) });
      }
      return session(user);
    },

    async login(input, client) {
      await throttle.login(input.email, client);
      const user = await findUserByEmail(db, input.email);
      // Same bcrypt work and same answer whether the email is unknown or the password wrong.
      const ok = await passwords.verify(input.password, user?.passwordHash);
      if (!user || !ok) throw new TRPCError({ code: 'UNAUTHORIZED', message: BAD_CREDENTIALS });
      await throttle.loginSucceeded(input.email);
      return session(user);
    },

    async me(principal) {
      const cached = users.get(principal.id);
      if (cached) return cached;
      const stored = await getUser(db, principal.id);
      if (!stored) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'This account no longer exists' });
      const user = publicUser(stored);
      users.set(principal.id, user);
      return user;
    },

    ...tokenAuth.methods,
  };
}
