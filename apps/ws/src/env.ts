// The only place apps/ws reads process.env: validated once, at start-up.
import { dynamoEnv, intFrom, jwtSecretEnv, jwtSecretSourceCheck, logEnv, parseEnv as parseEnvWith } from '@chat/env';
import * as z from 'zod/mini';

export const envSchema = z
  .object({
    ...dynamoEnv,
    ...jwtSecretEnv,
    ...logEnv,
    /** The @connections endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} on AWS. */
    WS_MANAGEMENT_ENDPOINT: z.url(),
    /** One slow connection must not stall a batch. */
    POST_TIMEOUT_MS: intFrom(3000, 100),
    /** Posts in flight at once per invocation. */
    FANOUT_CONCURRENCY: intFrom(64, 1),
    /** API Gateway closes connections after 2 h; the TTL cleans up what $disconnect missed. */
    CONNECTION_TTL_SECONDS: intFrom(2 * 3600 + 600, 60),
  })
  .check(jwtSecretSourceCheck());

/** Every variable the ws Lambda reads (the Terraform tests hold the Lambda's environment against it). */
export const envKeys = Object.keys(envSchema.shape) as (keyof typeof envSchema.shape)[];

export type Env = z.infer<typeof envSchema>;

export const parseEnv = (source: Record<string, string | undefined>): Env => parseEnvWith(envSchema, source);
