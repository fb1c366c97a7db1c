import { randomBytes } from 'node:crypto';
import { createTokenVersions, type Tokens } from '@chat/auth';
import { type AuthResult, type AuthService, FieldIssues, type Principal } from '@chat/contract';
import { bumpTokenVersion, type Db, getUser, hashTicket, putWsTicket, type StoredUser } from '@chat/db';
import { TRPCError } from '@trpc/server';
import type { Passwords } from '../passwords.ts';
import type { AuthThrottle } from './auth-throttle.ts';
import { publicUser } from './public-user.ts';

/** A ticket lives this long (and never past the token it was issued for). */
export const WS_TICKET_TTL_MS = 60_000;
/** 256 random bits, base64url: URL-safe and not guessable. */
const TICKET_BYTES = 32;

export interface TokenAuthDeps {
  db: Db;
  tokens: Tokens;
  passwords: Passwords;
  now: () => number;
  /** How long a container trusts a user's token version it read (default TOKEN_VERSION_CACHE_MS). */
  tokenVersionCacheMs?: number;
  throttle: Pick<AuthThrottle, 'passwordCheck' | 'passwordCheckSucceeded'>;
}

const revoked = () => new TRPCError({ code: 'UNAUTHORIZED', message: 'A valid bearer token is required' });

/**
 * What rests on the token version: authenticating (the token's version must be the user's, and
 * the user must exist), issuing, WebSocket tickets, and the two calls that move the version on.
 */
export function createTokenAuth({ db, tokens, passwords, now, tokenVersionCacheMs, throttle }: TokenAuthDeps) {
  const versions = createTokenVersions({
    read: async (userId) => {
      const user = await getUser(db, userId);
      return user ? (user.tokenVersion ?? 0) : undefined;
    },
    now,
    ...(tokenVersionCacheMs !== undefined && { ttlMs: tokenVersionCacheMs }),
  });

  /** A token and the public user, for a stored user at its current version. */
  async function session(user: StoredUser): Promise<AuthResult> {
    return { token: await tokens.issue({ id: user.id, username: user.username }, user.tokenVersion ?? 0), user: publicUser(user) };
  }

  async function verified(token: string) {
    const claims = await tokens.inspect(token);
    if (!claims || !(await versions.isCurrent(claims.principal.id, claims.version))) return null;
    return claims;
  }

  /** Moves the user's version on (with a new password hash when given); this container knows at once. */
  async function bump(userId: string, passwordHash?: string): Promise<number> {
    const version = await bumpTokenVersion(db, userId, passwordHash);
    if (version === undefined) throw revoked(); // the user is gone
    versions.remember(userId, version);
    return version;
  }

  const methods: Pick<AuthService, 'authenticate' | 'wsTicket' | 'logoutEverywhere' | 'changePassword'> = {
    authenticate: async (token) => (await verified(token))?.principal ?? null,

    async wsTicket(principal: Principal, token: string) {
      const claims = await verified(token);
      if (!claims || claims.principal.id !== principal.id) throw revoked();
      const ticket = randomBytes(TICKET_BYTES).toString('base64url');
      // Whole seconds (the TTL attribute's unit), rounded down: valid while now < expiresAt.
      const expiresAtSeconds = Math.floor(Math.min(now() + WS_TICKET_TTL_MS, claims.expiresAt) / 1000);
      await putWsTicket(db, {
        ticketHash: hashTicket(ticket),
        userId: principal.id,
        username: principal.username,
        tokenVersion: claims.version,
        tokenExpiresAt: claims.expiresAt,
        expiresAt: expiresAtSeconds,
      });
      return { ticket, expiresAt: expiresAtSeconds * 1000 };
    },

    async logoutEverywhere(principal) {
      await bump(principal.id);
      return { loggedOut: true };
    },

    async changePassword(input, principal) {
      const user = await getUser(db, principal.id);
      if (!user) throw revoked();
      await throttle.passwordCheck(user.id); // before bcrypt, as for logins
      if (!(await passwords.verify(input.currentPassword, user.passwordHash))) {
        // Not UNAUTHORIZED: the session is fine, and clients sign out on that code.
        const message = 'The current password is incorrect';
        throw new TRPCError({ code: 'BAD_REQUEST', message, cause: new FieldIssues('currentPassword', message) });
      }
      await throttle.passwordCheckSucceeded(user.id);
      const version = await bump(user.id, await passwords.hash(input.newPassword));
      return session({ ...user, tokenVersion: version });
    },
  };

  return { session, methods };
}
