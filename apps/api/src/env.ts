// The only place apps/api reads process.env: validated once, at start-up.
import * as z from 'zod/mini';

const intFrom = (fallback: number, min: number) =>
  z.pipe(
    z.optional(z.string()),
    z.transform((v) => (v === undefined || v === '' ? fallback : Number(v))),
  ).check(z.refine((n) => Number.isInteger(n) && n >= min, { message: `must be an integer >= ${min}` }));

export const envSchema = z.object({
  USERS_TABLE: z._default(z.string(), 'chat-users'),
  MESSAGES_TABLE: z._default(z.string(), 'chat-messages'),
  CONNECTIONS_TABLE: z._default(z.string(), 'chat-connections'),
  /** Local: DynamoDB Local. Unset on AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(z.string(), 'us-east-1'),
  /** Local: the HS256 key itself, at least 32 bytes. Unset on AWS. */
  JWT_SECRET: z.optional(z.string().check(z.minLength(32, 'JWT_SECRET must be at least 32 characters'))),
  /** AWS: the name of the SSM SecureString parameter holding the key, read once per cold start. */
  JWT_SECRET_PARAMETER: z.optional(z.string().check(z.minLength(1))),
  /** The SDK's standard override of SSM's endpoint (a stand-in in tests). Unset on AWS. */
  AWS_ENDPOINT_URL_SSM: z.optional(z.url()),
  TOKEN_TTL_SECONDS: intFrom(12 * 3600, 60),
  /** bcrypt cost; never below 10. */
  BCRYPT_COST: intFrom(10, 10),
  /** Comma-separated origins the web app is served from. */
  CORS_ORIGINS: z.pipe(
    z._default(z.string(), 'http://localhost:5173'),
    z.transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean)),
  ),
  PORT: intFrom(3001, 0),
}).check(
  z.refine((env) => (env.JWT_SECRET === undefined) !== (env.JWT_SECRET_PARAMETER === undefined), {
    message: 'set exactly one of JWT_SECRET (the key) or JWT_SECRET_PARAMETER (its SSM parameter name)',
    path: ['JWT_SECRET'],
  }),
);

/** Every variable the api reads (the Terraform tests hold the Lambda's environment against it). */
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
