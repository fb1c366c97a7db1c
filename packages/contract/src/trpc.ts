import { initTRPC, TRPCError } from '@trpc/server';
import type { Services } from './services.ts';

export interface Context {
  services: Services;
  /** The bearer token of the request, if it carried one. */
  token: string | null;
}

interface Issue {
  path: readonly PropertyKey[];
  message: string;
}

function hasIssues(cause: unknown): cause is { issues: Issue[] } {
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

const t = initTRPC.context<Context>().create({
  // Lambda does not set NODE_ENV: without this every error would carry a stack trace.
  isDev: false,
  errorFormatter({ shape, error }) {
    const fieldErrors = hasIssues(error.cause) ? fieldErrorsOf(error.cause.issues) : null;
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message:
        fieldErrors && error.code === 'BAD_REQUEST' ? `Invalid input: ${Object.keys(fieldErrors).join(', ')}` : shape.message,
      data: { ...data, fieldErrors },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure;

export const protectedProcedure = t.procedure.use(async ({ ctx, next }) => {
  const principal = ctx.token ? await ctx.services.auth.authenticate(ctx.token) : null;
  if (!principal) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'A valid bearer token is required' });
  return next({ ctx: { ...ctx, principal } });
});
