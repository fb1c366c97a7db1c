import { initTRPC, TRPCError } from '@trpc/server';
import { fieldErrorsOf, hasIssues } from './field-errors.ts';
import { retryAfterMsOf } from './retry-after.ts';
import type { ClientInfo, Services } from './services.ts';

export interface Context {
  services: Services;
  /** The bearer token of the request, if it carried one. */
  token: string | null;
  /** Where the request came from, as the app's runtime tells it (never a request header). */
  client: ClientInfo;
}

const t = initTRPC.context<Context>().create({
  // Lambda does not set NODE_ENV: without this every error would carry a stack trace.
  isDev: false,
  errorFormatter({ shape, error }) {
    const fieldErrors = hasIssues(error.cause) ? fieldErrorsOf(error.cause.issues) : null;
    const { stack: _stack, ...data } = shape.data;
    // An internal error's message is the server's business (it is logged); the client gets a sentence.
    const message =
      error.code === 'INTERNAL_SERVER_ERROR'
        ? 'Internal server error'
        : fieldErrors && error.code === 'BAD_REQUEST'
          ? `Invalid input: ${Object.keys(fieldErrors).join(', ')}`
          : shape.message;
    const retryAfterMs = retryAfterMsOf(error.cause);
    return { ...shape, message, data: { ...data, fieldErrors, ...(retryAfterMs !== undefined && { retryAfterMs }) } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure;

export const protectedProcedure = t.procedure.use(async ({ ctx, next }) => {
  const { token } = ctx;
  const principal = token ? await ctx.services.auth.authenticate(token) : null;
  if (!token || !principal) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'A valid bearer token is required' });
  return next({ ctx: { ...ctx, principal, token } });
});
