import { consumeWsTicket, hashTicket, type StoredConnection } from '@chat/db';
import type { WsDeps } from './deps.ts';

/** Who a handshake proves, with the token's version and expiry, which the connection keeps. */
export interface ConnectingUser {
  userId: string;
  username: string;
  tokenVersion: number;
  /** Epoch ms. */
  tokenExpiresAt: number;
}

/** What auth.wsTicket hands out (43 base64url characters); anything else is refused without a DynamoDB call. */
const TICKET_PATTERN = /^[A-Za-z0-9_-]{20,128}$/;

/**
 * The user a `?ticket=` or `?token=` proves, or null (the handshake then answers 401): a ticket
 * is used up by this call whatever follows; either way the token must be unexpired, of a user
 * that exists, and of that user's current token version.
 */
export async function authenticateHandshake(deps: WsDeps, query: Record<string, string | undefined>): Promise<ConnectingUser | null> {
  let user: ConnectingUser | null = null;
  if (query.ticket !== undefined) {
    if (!TICKET_PATTERN.test(query.ticket)) return null;
    const ticket = await consumeWsTicket(deps.db, hashTicket(query.ticket), deps.now());
    if (ticket) user = { userId: ticket.userId, username: ticket.username, tokenVersion: ticket.tokenVersion, tokenExpiresAt: ticket.tokenExpiresAt };
  } else if (query.token !== undefined) {
    const claims = await deps.tokens.inspect(query.token);
    if (claims) user = { userId: claims.principal.id, username: claims.principal.username, tokenVersion: claims.version, tokenExpiresAt: claims.expiresAt };
  }
  if (!user || user.tokenExpiresAt <= deps.now()) return null;
  return (await deps.tokenVersions.isCurrent(user.userId, user.tokenVersion)) ? user : null;
}

/** The connection's token has passed its `exp` (connections from before issue 13 carry none: the 2 h limit ends them). */
export function tokenExpired(deps: WsDeps, connection: StoredConnection): boolean {
  return connection.tokenExpiresAt !== undefined && connection.tokenExpiresAt <= deps.now();
}

/** Whether the connection's token still holds: unexpired, and its version still the user's (cached). */
export async function sessionValid(deps: WsDeps, connection: StoredConnection): Promise<boolean> {
  return !tokenExpired(deps, connection) && deps.tokenVersions.isCurrent(connection.userId, connection.tokenVersion ?? 0);
}

export const SESSION_ENDED = 'Your session has ended (token expired or revoked): reconnect with a new ticket';
