import { createTokens } from '@chat/auth';
import { createTestDb } from '@chat/db/testing';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { expect, test } from 'vitest';
import { createPasswords } from '../passwords.ts';
import { generousThrottlePolicies } from '../testing.ts';
import { createAuthService } from './auth.ts';
import { createAuthThrottle } from './auth-throttle.ts';

const db = await createTestDb();

test('me answers from memory for five minutes, then reads the account again', async () => {
  let clock = Date.UTC(2026, 0, 1);
  const now = () => clock;
  const tokens = createTokens({ secret: 'auth-service-test-secret-of-32-bytes!', ttlSeconds: 3600, now });
  const throttle = createAuthThrottle({ db, now, policies: generousThrottlePolicies });
  const auth = createAuthService({ db, tokens, passwords: createPasswords(10), now, throttle });
  const { user } = await auth.signup({ email: 'cache@example.com', username: 'cache', password: 'correct horse' }, { ip: null });
  const principal = { id: user.id, username: user.username };
  expect(await auth.me(principal)).toEqual(user);

  // The account is gone from the table: only the cached answer can still name it.
  await db.entities.User.build(DeleteItemCommand).key({ id: user.id }).send();
  clock += 5 * 60_000;
  expect(await auth.me(principal)).toEqual(user);
  clock += 1;
  await expect(auth.me(principal)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
});
