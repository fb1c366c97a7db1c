/**
 * Why a message change was refused. `code` is the contract's error code (tRPC's and the
 * socket protocol's share these names), so callers pass it through unchanged.
 */
export type MessageErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'BAD_REQUEST' | 'CONFLICT';

export class MessageChangeError extends Error {
  constructor(
    readonly code: MessageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MessageChangeError';
  }
}
