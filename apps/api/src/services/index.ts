import type { Tokens } from '@chat/auth';
import type { Services } from '@chat/contract';
import type { Db } from '@chat/db';
import type { Passwords } from '../passwords.ts';
import { createAuthService } from './auth.ts';
import { type AuthThrottlePolicies, authThrottlePolicies, createAuthThrottle } from './auth-throttle.ts';
import { createMessagesService } from './messages.ts';
import { createRoomsService } from './rooms.ts';
import { createUsersService } from './users.ts';

export interface ServiceDeps {
  db: Db;
  tokens: Tokens;
  passwords: Passwords;
  now: () => number;
  /** The login and signup throttles' figures; the production ones unless given. */
  throttlePolicies?: AuthThrottlePolicies;
  /** How long a container trusts a user's token version it read (default 30 s). */
  tokenVersionCacheMs?: number;
}

export function createServices(deps: ServiceDeps): Services {
  const throttle = createAuthThrottle({ db: deps.db, now: deps.now, policies: deps.throttlePolicies ?? authThrottlePolicies });
  return {
    auth: createAuthService({ ...deps, throttle }),
    users: createUsersService(deps),
    rooms: createRoomsService(deps),
    messages: createMessagesService(deps),
  };
}
