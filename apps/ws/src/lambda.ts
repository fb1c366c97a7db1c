import { loadJwtSecret } from '@chat/auth/jwt-secret';
import { createDeps } from './deps.ts';
import { parseEnv } from './env.ts';
import { createHandler } from './handler.ts';

const env = parseEnv(process.env);
// Once per cold start, before the first event (top-level await in ESM).
const jwtSecret = await loadJwtSecret(env);

export const handler = createHandler(createDeps(env, jwtSecret));
