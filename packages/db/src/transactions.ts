/** The per-item reason codes of a cancelled transaction, or null for any other error. */
export function cancellationReasons(err: unknown): string[] | null {
  if (!(err instanceof Error) || err.name !== 'TransactionCanceledException') return null;
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
}

/** True when a transaction lost only a race with another one: running it again decides. */
function isConflictOnly(err: unknown): boolean {
  const reasons = cancellationReasons(err);
  return reasons !== null && reasons.includes('TransactionConflict') && !reasons.includes('ConditionalCheckFailed');
}

export const MAX_CONFLICT_RETRIES = 8;

/**
 * Runs a TransactWriteItems call again, after a short random backoff, while DynamoDB cancels it
 * with TransactionConflict (another transaction touched the same items at the same moment);
 * conditions then decide who won. Any other error, a failed condition included, is thrown.
 */
export async function retryOnTransactionConflict<T>(write: () => Promise<T>, maxRetries = MAX_CONFLICT_RETRIES): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (!isConflictOnly(err) || attempt >= maxRetries) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
}
