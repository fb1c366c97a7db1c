// The only place apps/ws reads process.env: validated once, at start-up.
import * as z from 'zod/mini';

const intFrom = (fallback: number, min: number) =>
  z
    .pipe(
      z.optional(z.string()),
      z.transform((v) => (v === undefined || v === '' ? fallback : Number(v))),
    )
    .check(z.refine((n) => Number.isInteger(n) && n >= min, { message: `must be an integer >= ${min}` }));

export const envSchema = z.object({
  MESSAGES_TABLE: z._default(z.string(), 'chat-messages'),
  CONNECTIONS_TABLE: z._default(z.string(), 'chat-connections'),
  USERS_TABLE: z._default(z.string(), 'chat-users'),
  /** Local: DynamoDB Local. Unset on AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(z.string(), 'us-east-1'),
  /** Local: the HS256 key shared with the api itself, at least 32 bytes. Unset on AWS. */
  JWT_SECRET: z.optional(z.string().check(z.minLength(32, 'JWT_SECRET must be at least 32 characters'))),
  /** AWS: the name of the SSM SecureString parameter holding the key, read once per cold start. */
  JWT_SECRET_PARAMETER: z.optional(z.string().check(z.minLength(1))),
  /** The SDK's standard override of SSM's endpoint (a stand-in in tests). Unset on AWS. */
  AWS_ENDPOINT_URL_SSM: z.optional(z.url()),
  /** The @connections endpoint: https://{api-id}.execute-api.{region}.amazonaws.com/{stage} on AWS. */
  WS_MANAGEMENT_ENDPOINT: z.url(),
  /** One slow connection must not stall a batch. */
  POST_TIMEOUT_MS: intFrom(3000, 100),
  /** Posts in flight at once per invocation. */
  FANOUT_CONCURRENCY: intFrom(64, 1),
  /** API Gateway closes connections after 2 h; the TTL cleans up what $disconnect missed. */
  CONNECTION_TTL_SECONDS: intFrom(2 * 3600 + 600, 60),
}).check(
  z.refine((env) => (env.JWT_SECRET === undefined) !== (env.JWT_SECRET_PARAMETER === undefined), {
    message: 'set exactly one of JWT_SECRET (the key) or JWT_SECRET_PARAMETER (its SSM parameter name)',
    path: ['JWT_SECRET'],
  }),
);

/** Every variable the ws Lambda reads (the Terraform tests hold the Lambda's environment against it). */
export const envKeys = Object.keys(envSchema.shape) as (keyof typeof envSchema.shape)[];

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return result.data;
}
