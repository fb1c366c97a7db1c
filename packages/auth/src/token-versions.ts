import { LRUCache } from 'lru-cache';

/** How long a container trusts a user's token version it read: a revocation takes at most this long everywhere. */
export const TOKEN_VERSION_CACHE_MS = 30_000;
const CACHE_SIZE = 10_000;
/** Stands for "no such user" in the cache (lru-cache holds no undefined). */
const MISSING = -1;

export interface TokenVersionsOptions {
  /** The stored version of a user, or undefined when the user does not exist. */
  read: (userId: string) => Promise<number | undefined>;
  ttlMs?: number;
  /** The clock, in epoch ms; default Date.now. */
  now?: () => number;
}

export interface TokenVersions {
  /** Whether a token of this version is still current for the user (false for a missing user). */
  isCurrent(userId: string, version: number): Promise<boolean>;
  /** This container moved the version itself: trust the new one at once. */
  remember(userId: string, version: number): void;
}

/** The per-user token version check, cached per container for `ttlMs`. */
export function createTokenVersions({ read, ttlMs = TOKEN_VERSION_CACHE_MS, now = Date.now }: TokenVersionsOptions): TokenVersions {
  // ttlResolution 0: the TTL reads `now` on every get. fetch() shares one read among the
  // concurrent misses of a user (a burst of frames on a fresh container).
  const cache = new LRUCache<string, number>({
    max: CACHE_SIZE,
    ttl: ttlMs,
    ttlResolution: 0,
    perf: { now },
    fetchMethod: async (userId) => (await read(userId)) ?? MISSING,
  });
  return {
    async isCurrent(userId, version) {
      let stored = await cache.fetch(userId);
      // Versions only move up: a token ahead of what is cached (issued after a bump elsewhere, or
      // for a user missing when last read) means the cache is stale, not the token.
      if (stored !== undefined && version > stored) stored = await cache.fetch(userId, { forceRefresh: true });
      return stored !== undefined && stored !== MISSING && version === stored;
    },
    remember: (userId, version) => void cache.set(userId, version),
  };
}
