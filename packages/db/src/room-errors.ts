import type { MessageErrorCode } from './message-errors.ts';

/**
 * Why a change to a room or a membership was refused. `code` is the contract's error code, so
 * callers (tRPC services, WebSocket routes) pass it through unchanged.
 */
export class RoomChangeError extends Error {
  constructor(
    readonly code: MessageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RoomChangeError';
  }
}
