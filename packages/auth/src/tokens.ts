import type { Principal } from '@chat/contract';
import { jwtVerify, SignJWT } from 'jose';

export const MIN_SECRET_BYTES = 32;
const ALGORITHM = 'HS256';

export interface TokenOptions {
  /** At least 32 bytes: jose accepts any HMAC key length, so the check is ours. */
  secret: string;
  /** Lifetime of an issued token, in seconds. */
  ttlSeconds: number;
}

export interface Tokens {
  issue(principal: Principal): Promise<string>;
  /** The principal a token proves, or null for a missing, malformed, expired or forged one. */
  verify(token: string): Promise<Principal | null>;
}

/** Verified tokens remembered per process: a client sends the same token on every request. */
const VERIFIED_CACHE_SIZE = 10_000;

/** HS256 tokens; the key is imported once here, not per request. */
export function createTokens({ secret, ttlSeconds }: TokenOptions): Tokens {
  const key = new TextEncoder().encode(secret);
  if (key.length < MIN_SECRET_BYTES) throw new Error(`JWT secret must be at least ${MIN_SECRET_BYTES} bytes`);
  // Keyed by the exact token string, so only a token that verified before can hit; `exp` is
  // checked again on every hit.
  const verified = new Map<string, { principal: Principal; expiresAtMs: number }>();
  return {
    issue: (principal) =>
      new SignJWT({ username: principal.username })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(principal.id)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
        .sign(key),
    async verify(token) {
      const hit = verified.get(token);
      if (hit) {
        if (Date.now() < hit.expiresAtMs) return hit.principal;
        verified.delete(token);
        return null;
      }
      try {
        // jose checks `exp` only when present: require it, and pin the algorithm.
        const { payload } = await jwtVerify(token, key, { algorithms: [ALGORITHM], requiredClaims: ['exp', 'sub'] });
        if (typeof payload.sub !== 'string' || typeof payload.username !== 'string') return null;
        const principal = { id: payload.sub, username: payload.username };
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
        verified.set(token, { principal, expiresAtMs: (payload.exp as number) * 1000 });
        return principal;
      } catch {
        return null;
      }
    },
  };
}
