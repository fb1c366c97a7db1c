import { limits, type PublicUser } from '@chat/contract';
import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { BatchGetCommand, execute } from 'dynamodb-toolbox/table/actions/batchGet';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { batchGetAll } from './batch-get.ts';
import type { Db } from './db.ts';
import { keys } from './entities.ts';

/**
 * users.search: users whose username starts with `prefix` (any letter case), in username order,
 * at most `limits.userSearch.max`. One Query of the byUsername index, whose partition is the
 * first character; only id and username are read, so no email can leave through it.
 */
export async function searchUsers(db: Db, prefix: string): Promise<PublicUser[]> {
  const lower = prefix.trim().toLowerCase();
  if (lower === '') return [];
  const { Items = [] } = await db.tables.users
    .build(QueryCommand)
    .entities(db.entities.User)
    .query({ index: 'byUsername', partition: keys.usernameDirectory(lower), range: { beginsWith: lower } })
    .options({ limit: limits.userSearch.max, attributes: ['id', 'username'] })
    .send();
  return Items.map((u) => ({ id: u.id, username: u.username }));
}

/** The users with these ids that exist, as anyone may see them (BatchGetItem; at most 100 ids). */
export async function publicUsers(db: Db, ids: readonly string[]): Promise<PublicUser[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  if (unique.length > 100) throw new Error('publicUsers: at most 100 ids a call');
  const { User } = db.entities;
  const users = await batchGetAll(
    db.tables.users,
    unique.map((id) => User.build(BatchGetRequest).key({ id })),
    (chunk) => execute(db.tables.users.build(BatchGetCommand).requests(...chunk).options({ attributes: ['id', 'username'] })),
  );
  return users.map((u) => ({ id: u.id, username: u.username }));
}
