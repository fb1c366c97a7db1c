import { asSentences, fieldErrorsOf, isApiError } from '../../lib/errors.ts';

/** A room name's error, for its field: the schema's phrases, or the server's CONFLICT sentence for a taken name; null for any other failure. */
export function nameErrorOf(err: unknown): string | null {
  const nameErrors = fieldErrorsOf(err).name;
  if (nameErrors) return asSentences(nameErrors);
  if (isApiError(err) && err.data?.code === 'CONFLICT') return asSentences([err.message]);
  return null;
}
