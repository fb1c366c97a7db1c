// Every failure the user can meet, as a sentence a person would say.
import { limits, type AppRouter, type ErrorCode } from '@chat/contract';
import { TRPCClientError } from '@trpc/client';

export type FieldErrors = Record<string, string[]>;

export function isApiError(err: unknown): err is TRPCClientError<AppRouter> {
  return err instanceof TRPCClientError;
}

/** The server's per-field messages (BAD_REQUEST from the schemas, CONFLICT from signup). */
export function fieldErrorsOf(err: unknown): FieldErrors {
  if (!isApiError(err)) return {};
  const fieldErrors = (err.data as { fieldErrors?: unknown } | undefined)?.fieldErrors;
  if (!fieldErrors || typeof fieldErrors !== 'object') return {};
  const result: FieldErrors = {};
  for (const [field, messages] of Object.entries(fieldErrors)) {
    if (Array.isArray(messages)) result[field] = messages.filter((m): m is string => typeof m === 'string');
  }
  return result;
}

/** A field's messages are phrases ("Username must be at least 3 characters"): one sentence each. */
export function asSentences(messages: readonly string[]): string {
  return messages
    .map((m) => m.trim())
    .filter(Boolean)
    .map((m) => (/[.!?]$/.test(m) ? m : `${m}.`))
    .join(' ');
}

/** A wait as a person would say it, rounded up: "40 s", "15 min", "2 h". */
export function waitText(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.ceil(minutes / 60)} h`;
}

function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** What went wrong with an HTTP (tRPC) request. */
export function describeRequestError(err: unknown): string {
  if (!isApiError(err) || !err.data) {
    if (isOffline()) return 'You are offline. Check your connection and try again.';
    // fetch failed: nothing answered, or something that is not the API did.
    if (isApiError(err) && err.cause instanceof TypeError) return 'The chat server can’t be reached. It may be down; try again in a moment.';
    return 'The chat server answered in a way the app did not understand. Try again in a moment.';
  }
  const { code, httpStatus } = err.data;
  if (code === 'TOO_MANY_REQUESTS') {
    const retryAfterMs = err.data.retryAfterMs;
    return typeof retryAfterMs === 'number' && retryAfterMs >= 0
      ? `Too many attempts: try again in ${waitText(retryAfterMs)}.`
      : 'Too many attempts in a short time. Wait a moment and try again.';
  }
  if (code === 'INTERNAL_SERVER_ERROR' || httpStatus >= 500) return 'Something went wrong on the server. Try again in a moment.';
  if (code === 'BAD_REQUEST' && Object.keys(fieldErrorsOf(err)).length > 0) return 'Please fix the fields marked below.';
  if (code === 'UNAUTHORIZED' || code === 'CONFLICT' || code === 'NOT_FOUND' || code === 'FORBIDDEN') return err.message;
  return 'That did not work. Try again in a moment.';
}

/** Why a message was not sent, from the socket's `error` frame. */
export function describeSendError(code: ErrorCode, message: string): string {
  switch (code) {
    case 'RATE_LIMITED':
      return 'You are sending messages too fast. Wait a moment, then retry.';
    case 'BAD_REQUEST':
      return /at most/i.test(message)
        ? `Too long: messages can have up to ${limits.messageText.max.toLocaleString('en-US')} characters.`
        : 'The server did not accept this message.';
    case 'FORBIDDEN':
      return 'You were not in this room yet. Retry now.';
    case 'NOT_FOUND':
      return 'This room no longer exists.';
    case 'UNAUTHORIZED':
      return 'Your session is no longer valid. Log in again to send it.';
    default:
      return 'The server had a problem with this message. Retry in a moment.';
  }
}

export const NOT_CONFIRMED = 'Not sent: the server did not confirm it in time.';
