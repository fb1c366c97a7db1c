import type { Logger } from '@aws-lambda-powertools/logger';
import { createTokens, createTokenVersions, type Tokens, type TokenVersions } from '@chat/auth';
import type { ActionName } from '@chat/contract';
import { createDb, type Db, getTokenVersion } from '@chat/db';
import { dynamoConfig } from '@chat/env';
import { monotonicFactory } from 'ulid';
import type { Env } from './env.ts';
import { logger } from './logger.ts';
import type { ActionBudget } from './user-limits.ts';
import { type ConnectionCloser, createConnectionCloser, createManagementClient, createPoster, type Poster } from './poster.ts';

export { actionBudgets, type ActionBudget } from './user-limits.ts';

/** Everything the routes and the fan-out use, passed in so tests and the emulator can build it. */
export interface WsDeps {
  db: Db;
  tokens: Tokens;
  /** The users' token versions, cached briefly: a revoked token is refused at $connect and by every action. */
  tokenVersions: TokenVersions;
  poster: Poster;
  /** Closes connections (the socket cap per user). */
  closer: ConnectionCloser;
  logger: Logger;
  now: () => number;
  newId: () => string;
  connectionTtlSeconds: number;
  /** The per-user budgets of the actions; the production ones (`actionBudgets`) unless given. */
  actionBudgets?: Record<ActionName, ActionBudget>;
}

/**
 * Clients are created once per process (once per Lambda container on AWS). The JWT key is
 * `env.JWT_SECRET` unless given: lambda.ts passes the one it read from SSM (loadJwtSecret).
 */
export function createDeps(env: Env, jwtSecret: string | undefined = env.JWT_SECRET): WsDeps {
  if (jwtSecret === undefined) throw new Error('No JWT secret: resolve JWT_SECRET_PARAMETER with loadJwtSecret first');
  const db = createDb(dynamoConfig(env));
  const client = createManagementClient(env.WS_MANAGEMENT_ENDPOINT, env.AWS_REGION, env.POST_TIMEOUT_MS);
  return {
    db,
    tokens: createTokens({ secret: jwtSecret, ttlSeconds: 3600 }),
    tokenVersions: createTokenVersions({ read: (userId) => getTokenVersion(db, userId) }),
    poster: createPoster(client, {
      concurrency: env.FANOUT_CONCURRENCY,
      onError: (connectionId, error) => logger.warn('post failed', { connectionId, error }),
    }),
    closer: createConnectionCloser(client, { onError: (connectionId, error) => logger.warn('close failed', { connectionId, error }) }),
    logger,
    now: Date.now,
    newId: monotonicFactory(),
    connectionTtlSeconds: env.CONNECTION_TTL_SECONDS,
  };
}
