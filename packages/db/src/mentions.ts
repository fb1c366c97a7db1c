import { limits, mentionedUsernames } from '@chat/contract';
import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { BatchGetCommand, execute } from 'dynamodb-toolbox/table/actions/batchGet';
import { batchGetAll } from './batch-get.ts';
import type { Db } from './db.ts';

/**
 * The ids of the users a text mentions (`@username`, any letter case), in the text's order, at
 * most `limits.mentions.max`: one BatchGetItem of their username claims. Names nobody holds
 * mention nobody. (Part 1 has no membership: every user can be mentioned.)
 */
export async function resolveMentions(db: Db, text: string): Promise<string[]> {
  const names = mentionedUsernames(text).slice(0, limits.mentions.max);
  if (names.length === 0) return [];
  const { UsernameClaim } = db.entities;
  const requests = [...new Set(names.map((name) => name.toLowerCase()))].map((usernameLower) => UsernameClaim.build(BatchGetRequest).key({ usernameLower }));
  const claims = await batchGetAll(db.tables.users, requests, (chunk) => execute(db.tables.users.build(BatchGetCommand).requests(...chunk)));
  const byName = new Map(claims.map((c) => [c.usernameLower, c.userId] as const));
  const ids = names.flatMap((name) => byName.get(name.toLowerCase()) ?? []);
  return [...new Set(ids)];
}
