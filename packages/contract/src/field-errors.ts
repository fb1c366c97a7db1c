// Field errors: shared by the tRPC error formatter and the WebSocket protocol's error frames.

interface Issue {
  path: readonly PropertyKey[];
  message: string;
}

export function hasIssues(cause: unknown): cause is { issues: Issue[] } {
  return typeof cause === 'object' && cause !== null && Array.isArray((cause as { issues?: unknown }).issues);
}

/**
 * The cause a service attaches to a TRPCError (CONFLICT, say) so that clients can show it next
 * to the field, exactly like a schema failure.
 */
export class FieldIssues extends Error {
  readonly issues: Issue[];
  constructor(field: string, message: string) {
    super(message);
    this.name = 'FieldIssues';
    this.issues = [{ path: [field], message }];
  }
}

/** `{ field: [messages] }` from a schema failure, so clients can show errors next to fields. */
export function fieldErrorsOf(issues: readonly Issue[]): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}
