import { describe, expect, test } from 'vitest';
import { createTokenVersions } from './token-versions.ts';

describe('token versions', () => {
  const stored = new Map<string, number>([['ann', 2]]);
  let reads = 0;
  const read = async (userId: string) => {
    reads++;
    return stored.get(userId);
  };

  test('current only at the stored version; a missing user never', async () => {
    const versions = createTokenVersions({ read });
    expect(await versions.isCurrent('ann', 2)).toBe(true);
    expect(await versions.isCurrent('ann', 1)).toBe(false);
    expect(await versions.isCurrent('ghost', 0)).toBe(false);
  });

  test('a read is trusted for the cache window, then read again', async () => {
    let clock = 1_000_000;
    const versions = createTokenVersions({ read, ttlMs: 30_000, now: () => clock });
    reads = 0;
    expect(await versions.isCurrent('ann', 2)).toBe(true);
    stored.set('ann', 3); // bumped by another container
    clock += 30_000;
    expect(await versions.isCurrent('ann', 2)).toBe(true);
    expect(reads).toBe(1);
    clock += 1;
    expect(await versions.isCurrent('ann', 2)).toBe(false);
    expect(await versions.isCurrent('ann', 3)).toBe(true);
    expect(reads).toBe(2);
  });

  test('concurrent checks of one user share one read', async () => {
    const versions = createTokenVersions({ read });
    reads = 0;
    expect(await Promise.all([1, 2, 3, 4].map(() => versions.isCurrent('ann', 3)))).toEqual([true, true, true, true]);
    expect(reads).toBe(1);
  });

  test('a token ahead of the cached version reads again at once (a bump elsewhere, then a fresh token)', async () => {
    const clock = 1_000_000;
    const versions = createTokenVersions({ read, ttlMs: 30_000, now: () => clock });
    stored.set('cal', 0);
    expect(await versions.isCurrent('cal', 0)).toBe(true);
    stored.set('cal', 1);
    expect(await versions.isCurrent('cal', 1)).toBe(true);
    expect(await versions.isCurrent('cal', 2)).toBe(false); // ahead of the stored one too: never valid
  });

  test('remember: a bump made here counts at once', async () => {
    const versions = createTokenVersions({ read: async () => 0 });
    expect(await versions.isCurrent('bob', 0)).toBe(true);
    versions.remember('bob', 1);
    expect(await versions.isCurrent('bob', 0)).toBe(false);
    expect(await versions.isCurrent('bob', 1)).toBe(true);
  });
});
