import { $add, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import type { Db } from './db.ts';
import { getUser } from './users.ts';
import { isConditionFailed } from './write-conditions.ts';

/** The user's token version (0 when never bumped), or undefined when the user does not exist. */
export async function getTokenVersion(db: Db, userId: string): Promise<number | undefined> {
  const user = await getUser(db, userId);
  return user ? (user.tokenVersion ?? 0) : undefined;
}

/**
 * Moves the user's token version on by one (revoking every token issued before), with a new
 * password hash when given, in one conditional update; answers the new version. Undefined when
 * the user does not exist (the update never creates one).
 */
export async function bumpTokenVersion(db: Db, userId: string, passwordHash?: string): Promise<number | undefined> {
  try {
    const { Attributes } = await db.entities.User.build(UpdateItemCommand)
      .item({ id: userId, tokenVersion: $add(1), ...(passwordHash !== undefined && { passwordHash }) })
      .options({ condition: { attr: 'id', exists: true }, returnValues: 'ALL_NEW' })
      .send();
    return Attributes?.tokenVersion;
  } catch (err) {
    if (isConditionFailed(err)) return undefined;
    throw err;
  }
}
