import type { Principal } from '@chat/contract';
import type { webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';

export const MIN_SECRET_BYTES = 32;
const ALGORITHM = 'HS256';

export interface TokenOptions {
  /** At least 32 bytes: jose accepts any HMAC key length, so the check is ours. */
  secret: string;
  /** Lifetime of an issued token, in seconds. */
  ttlSeconds: number;
  /** The clock, in epoch ms; default Date.now. */
  now?: () => number;
}

/** What a valid token says: who, the user's token version it was issued under, and when it expires. */
export interface VerifiedToken {
  principal: Principal;
  /** The user's token version at issue (`ver`; 0 for tokens from before versions): revoked once the stored one moves on. */
  version: number;
  /** Epoch ms of `exp`. */
  expiresAt: number;
}

export interface Tokens {
  /** `version`: the user's current token version (default 0). */
  issue(principal: Principal, version?: number): Promise<string>;
  /** The principal a token proves, or null for a missing, malformed, expired or forged one. */
  verify(token: string): Promise<Principal | null>;
  /** verify, with the token's version and expiry; the caller checks the version against the user's. */
  inspect(token: string): Promise<VerifiedToken | null>;
}

/** Verified tokens remembered per process: a client sends the same token on every request. */
const VERIFIED_CACHE_SIZE = 10_000;

/** HS256 tokens; the key is imported once, not per request. */
export function createTokens({ secret, ttlSeconds, now = Date.now }: TokenOptions): Tokens {
  const keyBytes = new TextEncoder().encode(secret);
  if (keyBytes.length < MIN_SECRET_BYTES) throw new Error(`JWT secret must be at least ${MIN_SECRET_BYTES} bytes`);
  // Imported once: given raw bytes, jose imports the key again on every sign and verify (a third
  // of an uncached verify's time).
  let imported: Promise<webcrypto.CryptoKey> | undefined;
  const key = () =>
    (imported ??= crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']));
  // Keyed by the exact token string, so only a token that verified before can hit; each entry
  // lives until the token's `exp`. ttlResolution 0: the TTL reads `now` on every get.
  const verified = new LRUCache<string, VerifiedToken>({ max: VERIFIED_CACHE_SIZE, ttlResolution: 0, perf: { now } });
  async function inspect(token: string): Promise<VerifiedToken | null> {
    const hit = verified.get(token);
    if (hit) return hit;
    try {
      // jose checks `exp` only when present: require it, and pin the algorithm.
      const { payload } = await jwtVerify(token, await key(), {
        algorithms: [ALGORITHM],
        requiredClaims: ['exp', 'sub'],
        currentDate: new Date(now()),
      });
      if (typeof payload.sub !== 'string' || typeof payload.username !== 'string') return null;
      const version = payload.ver ?? 0;
      if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) return null;
      const expiresAt = (payload.exp as number) * 1000;
      const result: VerifiedToken = { principal: { id: payload.sub, username: payload.username }, version, expiresAt };
      // lru-cache serves an entry while its age <= ttl; the token is invalid from `exp` on.
      const ttl = expiresAt - now() - 1;
      if (ttl > 0) verified.set(token, result, { ttl });
      return result;
    } catch {
      return null;
    }
  }

  return {
    issue: async (principal, version = 0) => {
      const nowSeconds = Math.floor(now() / 1000);
      return new SignJWT({ username: principal.username, ver: version })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(principal.id)
        .setIssuedAt(nowSeconds)
        .setExpirationTime(nowSeconds + ttlSeconds)
        .sign(await key());
    },
    verify: async (token) => (await inspect(token))?.principal ?? null,
    inspect,
  };
}
