import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { expect, test } from 'vitest';
import { createTestDb } from './testing.ts';
import { clearAttempts, judgeAttempt, takeAttempt, type ThrottlePolicy, type ThrottleState } from './throttles.ts';

const db = await createTestDb();
const minute = 60_000;
const windowOnly: ThrottlePolicy = { max: 3, windowMs: minute };
const withLockout: ThrottlePolicy = { max: 2, windowMs: 15 * minute, lockout: { baseMs: minute, maxMs: 3 * minute, memoryMs: 60 * minute } };
const subject = () => crypto.randomUUID();

test('max attempts a window, then the rest of the window to wait; a new window starts afresh', async () => {
  const who = subject();
  const t0 = 1_000_000_000_000;
  for (let i = 0; i < 3; i++) expect(await takeAttempt(db, 'test', who, windowOnly, t0 + i)).toEqual({ allowed: true });
  expect(await takeAttempt(db, 'test', who, windowOnly, t0 + 20_000)).toEqual({ allowed: false, retryAfterMs: 40_000 });
  expect(await takeAttempt(db, 'test', who, windowOnly, t0 + minute)).toEqual({ allowed: true });
});

test('a lockout grows with each one (1, 2, 3 min: capped) and a new window follows it', () => {
  let state: ThrottleState | undefined;
  const verdicts: unknown[] = [];
  let now = 0;
  for (let i = 0; i < 9; i++) {
    const { verdict, next } = judgeAttempt(state, withLockout, now);
    verdicts.push(verdict);
    state = next ?? state;
    now = verdict.allowed ? now + 1 : now + verdict.retryAfterMs;
  }
  expect(verdicts).toEqual([
    { allowed: true },
    { allowed: true },
    { allowed: false, retryAfterMs: minute },
    { allowed: true },
    { allowed: true },
    { allowed: false, retryAfterMs: 2 * minute },
    { allowed: true },
    { allowed: true },
    { allowed: false, retryAfterMs: 3 * minute },
  ]);
});

test('concurrent attempts on one subject are each counted once: exactly max go ahead', async () => {
  const who = subject();
  const now = Date.now();
  const policy: ThrottlePolicy = { max: 4, windowMs: minute };
  const verdicts = await Promise.all(Array.from({ length: 12 }, () => takeAttempt(db, 'test', who, policy, now)));
  // Contended writers that give up are refused too: never more than max through.
  expect(verdicts.filter((v) => v.allowed)).toHaveLength(4);
  expect(await takeAttempt(db, 'test', who, policy, now)).toMatchObject({ allowed: false });
});

test('concurrent attempts under the limit all go ahead: none is refused for losing a race', async () => {
  const who = subject();
  const now = Date.now();
  const policy: ThrottlePolicy = { max: 100, windowMs: minute };
  const verdicts = await Promise.all(Array.from({ length: 24 }, () => takeAttempt(db, 'test', who, policy, now)));
  expect(verdicts).toEqual(Array.from({ length: 24 }, () => ({ allowed: true })));
  const { Item } = await db.entities.Throttle.build(GetItemCommand).key({ scope: 'test', subject: who }).options({ consistent: true }).send();
  expect(Item?.attempts).toBe(24);
});

test('clearing forgets attempts and a lockout, and creates nothing for a subject without any', async () => {
  const who = subject();
  const now = Date.now();
  for (let i = 0; i < 3; i++) await takeAttempt(db, 'test', who, withLockout, now);
  expect(await takeAttempt(db, 'test', who, withLockout, now)).toMatchObject({ allowed: false });
  await clearAttempts(db, 'test', who);
  expect(await takeAttempt(db, 'test', who, withLockout, now)).toEqual({ allowed: true });
  const nobody = subject();
  await clearAttempts(db, 'test', nobody);
  const { Item } = await db.entities.Throttle.build(GetItemCommand)
    .key({ scope: 'test', subject: nobody })
    .send();
  expect(Item).toBeUndefined();
});

test('a counter past its TTL that DynamoDB has not deleted yet counts as absent', async () => {
  const who = subject();
  const t0 = Date.now();
  for (let i = 0; i < 3; i++) await takeAttempt(db, 'test', who, windowOnly, t0);
  expect(await takeAttempt(db, 'test', who, windowOnly, t0)).toMatchObject({ allowed: false });
  // Two minutes on, the item's expiresAt (the window's end) has passed.
  expect(await takeAttempt(db, 'test', who, windowOnly, t0 + 2 * minute)).toEqual({ allowed: true });
});
