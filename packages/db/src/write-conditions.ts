/**
 * True when a conditional write (PutItem, UpdateItem, DeleteItem) failed only because its
 * condition did not hold: an expected outcome (the item exists, the budget is spent, a race
 * lost), which callers answer; any other error is theirs to throw.
 */
export function isConditionFailed(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}
