import { appRouter, type Services } from '@chat/contract';
import { trpcServer } from '@hono/trpc-server';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { bearerToken, createContextInner } from './context.ts';
import { logger } from './logger.ts';

export interface AppDeps {
  services: Services;
  corsOrigins: string[];
}

export function createApp({ services, corsOrigins }: AppDeps) {
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
  app.get('/health', (c) => c.json({ ok: true }));
  app.use(
    '/trpc/*',
    trpcServer({
      router: appRouter,
      createContext: (opts) =>
        createContextInner({ services, token: bearerToken(opts.req.headers.get('authorization')) }) as unknown as Record<
          string,
          unknown
        >,
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') logger.error('procedure failed', { path, error });
      },
    }),
  );
  return app;
}
