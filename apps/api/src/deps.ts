import { createTokens } from '@chat/auth';
import { createDb } from '@chat/db';
import { dynamoConfig } from '@chat/env';
import type { AppDeps } from './app.ts';
import type { Env } from './env.ts';
import { createPasswords } from './passwords.ts';
import { createServices } from './services/index.ts';

/**
 * Builds the clients and services once per process (per Lambda container on AWS). The JWT key
 * is `env.JWT_SECRET` unless given: lambda.ts passes the one it read from SSM (loadJwtSecret).
 */
export function createDeps(env: Env, jwtSecret: string | undefined = env.JWT_SECRET): AppDeps {
  if (jwtSecret === undefined) throw new Error('No JWT secret: resolve JWT_SECRET_PARAMETER with loadJwtSecret first');
  const db = createDb(dynamoConfig(env));
  const services = createServices({
    db,
    tokens: createTokens({ secret: jwtSecret, ttlSeconds: env.TOKEN_TTL_SECONDS }),
    passwords: createPasswords(env.BCRYPT_COST),
    now: Date.now,
  });
  return { services, corsOrigins: env.CORS_ORIGINS };
}
