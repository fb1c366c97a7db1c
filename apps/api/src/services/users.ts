import type { UsersService } from '@chat/contract';
import type { Db } from '@chat/db';
import { TRPCError } from '@trpc/server';

export function createUsersService(_deps: { db: Db }): UsersService {
  return {
    search: () => Promise.reject(new TRPCError({ code: 'NOT_IMPLEMENTED', message: 'users.search: not yet' })),
  };
}
