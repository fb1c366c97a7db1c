import type { Services } from '@chat/contract';
import { appRouter } from '@chat/contract/router';
import { trpcServer } from '@hono/trpc-server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { ClientAddress } from './client-address.ts';
import { bearerToken, createContextInner } from './context.ts';
import { logContext, type RequestContext } from './log-context.ts';
import { logger } from './logger.ts';

/** No procedure takes more (a message is at most 4000 code points); a larger body is refused unread. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppDeps {
  services: Services;
  corsOrigins: string[];
  /** Whether the api's dependencies answer (DynamoDB, say); /health answers 503 while not. */
  health?: () => Promise<boolean>;
}

export interface AppOptions extends AppDeps {
  /** The caller's address as the runtime tells it (lambdaClientAddress, nodeClientAddress): the throttles count by it. */
  clientAddress: ClientAddress;
  /** The Lambda context of a request (lambdaRequestContext): its request id goes on the request's log lines. */
  requestContext?: RequestContext;
}

export function createApp({ services, corsOrigins, health = async () => true, clientAddress, requestContext }: AppOptions) {
  const app = new Hono();
  // First: every line of a request, the 413 and CORS ones included, carries its request id and path.
  app.use('*', logContext(requestContext));
  // Before tRPC, or a preflight reaches tRPC and gets 415.
  app.use(
    '*',
    cors({
      origin: corsOrigins,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['authorization', 'content-type'],
      maxAge: 600,
    }),
  );
  app.get('/health', async (c) => {
    const ok = await health().catch(() => false);
    return c.json({ ok }, ok ? 200 : 503);
  });
  // By content-length when there is one; a chunked body is counted as it streams and cut off
  // at the limit, so neither a 50 MB JSON nor an endless one is read and parsed.
  app.use(
    '/trpc/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      // Shaped as tRPC's own errors, so that tRPC clients read it like any other.
      onError: (c) =>
        c.json(
          {
            error: {
              message: `The request body is over ${MAX_BODY_BYTES / 1024 / 1024} MB`,
              code: TRPC_ERROR_CODES_BY_KEY.PAYLOAD_TOO_LARGE,
              data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 },
            },
          },
          413,
        ),
    }),
  );
  app.use(
    '/trpc/*',
    trpcServer({
      router: appRouter,
      endpoint: '/trpc',
      // The adapter also merges Hono's `c.env` into the context (the raw Lambda event, or Node's
      // request locally); the procedures read only what createContextInner gives them. Spread,
      // since the adapter's type wants a plain record, which an interface is not.
      createContext: (opts, c) => ({
        ...createContextInner({ services, token: bearerToken(opts.req.headers.get('authorization')), clientIp: clientAddress(c) }),
      }),
      onError({ error, path }) {
        // The error only: the request (its authorization header) stays out of the log.
        if (error.code === 'INTERNAL_SERVER_ERROR') logger.error('procedure failed', { path, error });
        // Throttled logins and signups are worth noticing; other refusals are the client's to fix.
        else if (error.code === 'TOO_MANY_REQUESTS') logger.warn('procedure refused', { path, code: error.code });
        else logger.debug('procedure refused', { path, code: error.code });
      },
    }),
  );
  return app;
}
