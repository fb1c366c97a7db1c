// The only place apps/api reads process.env: validated once, at start-up.
import { dynamoEnv, intFrom, jwtSecretEnv, jwtSecretSourceCheck, logEnv, parseEnv as parseEnvWith } from '@chat/env';
import * as z from 'zod/mini';

export const envSchema = z
  .object({
    ...dynamoEnv,
    ...jwtSecretEnv,
    ...logEnv,
    TOKEN_TTL_SECONDS: intFrom(12 * 3600, 60),
    /** bcrypt cost; never below 10. */
    BCRYPT_COST: intFrom(10, 10),
    /** Comma-separated origins the web app is served from. */
    CORS_ORIGINS: z.pipe(
      z._default(z.string(), 'http://localhost:5173'),
      z.transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean)),
    ),
    PORT: intFrom(3001, 0),
  })
  .check(jwtSecretSourceCheck());

/** Every variable the api reads (the Terraform tests hold the Lambda's environment against it). */
export const envKeys = Object.keys(envSchema.shape) as (keyof typeof envSchema.shape)[];

export type Env = z.infer<typeof envSchema>;

export const parseEnv = (source: Record<string, string | undefined>): Env => parseEnvWith(envSchema, source);
