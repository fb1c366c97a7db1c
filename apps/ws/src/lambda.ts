import { createDeps } from './deps.ts';
import { parseEnv } from './env.ts';
import { createHandler } from './handler.ts';

export const handler = createHandler(createDeps(parseEnv(process.env)));
