import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { GENERAL_ROOM_ID } from '@chat/contract';
import type { Db } from './db.ts';
import { keys } from './entities.ts';
import { memberWrites } from './membership.ts';
import { lastSeq } from './room-seq.ts';
import { cancellationReasons, retryOnTransactionConflict } from './transactions.ts';

export interface StoredUser {
  id: string;
  email: string;
  username: string;
  passwordHash: string;
  createdAt: number;
  /** Absent = 0. */
  tokenVersion?: number;
}

/** A signup lost the race for an email or a username. */
export class UniqueConstraintError extends Error {
  constructor(readonly field: 'email' | 'username') {
    super(`${field} is already taken`);
    this.name = 'UniqueConstraintError';
  }
}

/**
 * Writes the user and its email and username claims in one transaction, each conditional on
 * not existing, so uniqueness holds under concurrent signups without a read first. The same
 * transaction makes the user a member of `general` and files the username in the directory
 * (the byUsername index: users.search).
 */
export async function createUser(db: Db, user: StoredUser): Promise<void> {
  const { User, EmailClaim, UsernameClaim } = db.entities;
  const usernameLower = user.username.toLowerCase();
  // general's history is there to scroll, not a backlog of unread for someone who just arrived.
  const generalSeq = await lastSeq(db, GENERAL_ROOM_ID);
  try {
    await retryOnTransactionConflict(() =>
      execute(
        User.build(PutTransaction)
          .item({ ...user, directory: keys.usernameDirectory(usernameLower), usernameLower })
          .options({ condition: { attr: 'id', exists: false } }),
        EmailClaim.build(PutTransaction).item({ email: user.email, userId: user.id })
          .options({ condition: { attr: 'email', exists: false } }),
        UsernameClaim.build(PutTransaction)
          .item({ usernameLower, userId: user.id })
          .options({ condition: { attr: 'usernameLower', exists: false } }),
        ...memberWrites(db, GENERAL_ROOM_ID, { id: user.id, username: user.username }, user.createdAt, generalSeq),
      ),
    );
  } catch (err) {
    const reasons = cancellationReasons(err);
    if (reasons?.[1] === 'ConditionalCheckFailed') throw new UniqueConstraintError('email');
    if (reasons?.[2] === 'ConditionalCheckFailed') throw new UniqueConstraintError('username');
    throw err;
  }
}

export async function getUser(db: Db, id: string): Promise<StoredUser | undefined> {
  const { Item } = await db.entities.User.build(GetItemCommand).key({ id }).send();
  return Item;
}

export async function findUserByEmail(db: Db, email: string): Promise<StoredUser | undefined> {
  const { Item: claim } = await db.entities.EmailClaim.build(GetItemCommand)
    .key({ email: email.toLowerCase() })
    .options({ consistent: true })
    .send();
  return claim ? getUser(db, claim.userId) : undefined;
}
