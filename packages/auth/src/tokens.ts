import type { Principal } from '@chat/contract';
import type { webcrypto } from 'node:crypto';
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

/** HS256 tokens; the key is imported once, not per request. */
export function createTokens({ secret, ttlSeconds }: TokenOptions): Tokens {
  const keyBytes = new TextEncoder().encode(secret);
  if (keyBytes.length < MIN_SECRET_BYTES) throw new Error(`JWT secret must be at least ${MIN_SECRET_BYTES} bytes`);
  // Imported once: given raw bytes, jose imports the key again on every sign and verify (a third
  // of an uncached verify's time).
  let imported: Promise<webcrypto.CryptoKey> | undefined;
  const key = () =>
    (imported ??= crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']));
  // Keyed by the exact token string, so only a token that verified before can hit; `exp` is
  // checked again on every hit.
  const verified = new Map<string, { principal: Principal; expiresAtMs: number }>();
  return {
    issue: async (principal) =>
      new SignJWT({ username: principal.username })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(principal.id)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
        .sign(await key()),
    async verify(token) {
      const hit = verified.get(token);
      if (hit) {
        if (Date.now() < hit.expiresAtMs) return hit.principal;
        verified.delete(token);
        return null;
      }
      try {
        // jose checks `exp` only when present: require it, and pin the algorithm.
        const { payload } = await jwtVerify(token, await key(), { algorithms: [ALGORITHM], requiredClaims: ['exp', 'sub'] });
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
