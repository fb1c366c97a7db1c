import type { Services } from '@chat/contract';
import { appRouter } from '@chat/contract/router';
import { Hono } from 'hono';
import { cors } from './cors.ts';
import { bearerToken, createContextInner } from './context.ts';
import { logger } from './logger.ts';
import { trpcHandler } from './trpc-handler.ts';

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
      origins: corsOrigins,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['authorization', 'content-type'],
      maxAgeSeconds: 600,
    }),
  );
  app.get('/health', async (c) => {
    const ok = await health().catch(() => false);
    return c.json({ ok }, ok ? 200 : 503);
  });
  app.use(
    '/trpc/*',
    trpcHandler({
      router: appRouter,
      endpoint: '/trpc',
      createContext: (c) => createContextInner({ services, token: bearerToken(c.req.header('authorization')) }),
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') logger.error('procedure failed', { path, error });
      },
    }),
  );
  return app;
}
