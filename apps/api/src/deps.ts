import { createTokens } from '@chat/auth';
import { createDb } from '@chat/db';
import { dynamoConfig } from '@chat/env';
import type { AppDeps } from './app.ts';
import type { Env } from './env.ts';
import { createPasswords } from './passwords.ts';
import type { AuthThrottlePolicies } from './services/auth-throttle.ts';
import { createServices } from './services/index.ts';

export { authThrottlePolicies, type AuthThrottlePolicies } from './services/auth-throttle.ts';
export { lambdaClientAddress, nodeClientAddress } from './client-address.ts';
export { lambdaRequestContext } from './log-context.ts';

/**
 * Builds the clients and services once per process (per Lambda container on AWS). The JWT key
 * is `env.JWT_SECRET` unless given: lambda.ts passes the one it read from SSM (loadJwtSecret).
 * The throttles' figures are the production ones unless given: only code (a test stack that
 * signs up dozens of users from one address) can change them, never the environment.
 */
export function createDeps(
  env: Env,
  jwtSecret: string | undefined = env.JWT_SECRET,
  options: { throttlePolicies?: AuthThrottlePolicies } = {},
): AppDeps {
  if (jwtSecret === undefined) throw new Error('No JWT secret: resolve JWT_SECRET_PARAMETER with loadJwtSecret first');
  const db = createDb(dynamoConfig(env));
  const services = createServices({
    db,
    tokens: createTokens({ secret: jwtSecret, ttlSeconds: env.TOKEN_TTL_SECONDS }),
    passwords: createPasswords(env.BCRYPT_COST),
    now: Date.now,
    ...(options.throttlePolicies && { throttlePolicies: options.throttlePolicies }),
  });
  return { services, corsOrigins: env.CORS_ORIGINS };
}
