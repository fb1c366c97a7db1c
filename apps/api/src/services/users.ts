import type { UsersService } from '@chat/contract';
import { type Db, searchUsers } from '@chat/db';

export function createUsersService(deps: { db: Db }): UsersService {
  const { db } = deps;
  return {
    search: (input) => searchUsers(db, input.query),
  };
}
