import type { Services } from '@chat/contract';
import { appRouter } from '@chat/contract/router';
import { trpcServer } from '@hono/trpc-server';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { bearerToken, createContextInner } from './context.ts';
import { logger } from './logger.ts';

export interface AppDeps {
  services: Services;
  corsOrigins: string[];
  /** Whether the api's dependencies answer (DynamoDB, say); /health answers 503 while not. */
  health?: () => Promise<boolean>;
}

export function createApp({ services, corsOrigins, health = async () => true }: AppDeps) {
  const app = new Hono();
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
  app.use(
    '/trpc/*',
    trpcServer({
      router: appRouter,
      endpoint: '/trpc',
      // The adapter also merges Hono's `c.env` into the context (the raw Lambda event, or Node's
      // request locally); the procedures read only what createContextInner gives them. Spread,
      // since the adapter's type wants a plain record, which an interface is not.
      createContext: (opts) => ({ ...createContextInner({ services, token: bearerToken(opts.req.headers.get('authorization')) }) }),
      onError({ error, path }) {
        // The error only: the request (its authorization header) stays out of the log.
        if (error.code === 'INTERNAL_SERVER_ERROR') logger.error('procedure failed', { path, error });
      },
    }),
  );
  return app;
}
