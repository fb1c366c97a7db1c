import { handle } from 'hono/aws-lambda';
import { loadJwtSecret } from '@chat/auth/jwt-secret';
import { createApp } from './app.ts';
import { lambdaClientAddress } from './client-address.ts';
import { createDeps } from './deps.ts';
import { parseEnv } from './env.ts';
import { lambdaRequestContext } from './log-context.ts';

const env = parseEnv(process.env);
// Once per cold start, before the first event (top-level await in ESM).
const jwtSecret = await loadJwtSecret(env);

export const handler = handle(createApp({ ...createDeps(env, jwtSecret), clientAddress: lambdaClientAddress, requestContext: lambdaRequestContext }));
