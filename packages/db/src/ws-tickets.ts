import { createHash } from 'node:crypto';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import type { Db } from './db.ts';
import { isConditionFailed } from './write-conditions.ts';

/** A ticket as stored: only its hash, so that the table never holds one a client could use. */
export interface StoredWsTicket {
  ticketHash: string;
  userId: string;
  username: string;
  /** The issuing token's version and `exp` (epoch ms): the connection inherits them. */
  tokenVersion: number;
  tokenExpiresAt: number;
  /** Epoch seconds: the TTL attribute; the ticket is refused from then on. */
  expiresAt: number;
}

/** SHA-256, hex: a ticket has 256 random bits, so no salt or slow hash is needed. */
export function hashTicket(ticket: string): string {
  return createHash('sha256').update(ticket).digest('hex');
}

export async function putWsTicket(db: Db, ticket: StoredWsTicket): Promise<void> {
  await db.entities.WsTicket.build(PutItemCommand)
    .item(ticket)
    .options({ condition: { attr: 'ticketHash', exists: false } })
    .send();
}

/**
 * Uses a ticket up: one conditional delete that answers the deleted item, so of two concurrent
 * uses one wins. Undefined for an unknown, already used or expired ticket (TTL deletion lags, so
 * the condition checks the expiry; an expired one is left to the TTL).
 */
export async function consumeWsTicket(db: Db, ticketHash: string, now: number): Promise<StoredWsTicket | undefined> {
  try {
    const { Attributes } = await db.entities.WsTicket.build(DeleteItemCommand)
      .key({ ticketHash })
      .options({ condition: { attr: 'expiresAt', gt: Math.floor(now / 1000) }, returnValues: 'ALL_OLD' })
      .send();
    return Attributes;
  } catch (err) {
    if (isConditionFailed(err)) return undefined;
    throw err;
  }
}
