// What both Lambdas read from process.env, and the helpers each app's env.ts is built from
// (each app still validates its whole environment once, in its own env.ts).
import * as z from 'zod/mini';

/** An integer variable: `fallback` when unset or empty, and at least `min`. */
export const intFrom = (fallback: number, min: number) =>
  z
    .pipe(
      z.optional(z.string()),
      z.transform((v) => (v === undefined || v === '' ? fallback : Number(v))),
    )
    .check(z.refine((n) => Number.isInteger(n) && n >= min, { message: `must be an integer >= ${min}` }));

/** The tables and how to reach DynamoDB. */
export const dynamoEnv = {
  USERS_TABLE: z._default(z.string(), 'chat-users'),
  MESSAGES_TABLE: z._default(z.string(), 'chat-messages'),
  CONNECTIONS_TABLE: z._default(z.string(), 'chat-connections'),
  /** Local: DynamoDB Local. Unset on AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(z.string(), 'us-east-1'),
};

/** createDb's options (@chat/db), from dynamoEnv's variables. */
export function dynamoConfig(env: {
  USERS_TABLE: string;
  MESSAGES_TABLE: string;
  CONNECTIONS_TABLE: string;
  DYNAMODB_ENDPOINT?: string | undefined;
  AWS_REGION: string;
}) {
  return {
    names: { users: env.USERS_TABLE, messages: env.MESSAGES_TABLE, connections: env.CONNECTIONS_TABLE },
    clientConfig: { region: env.AWS_REGION, ...(env.DYNAMODB_ENDPOINT && { endpoint: env.DYNAMODB_ENDPOINT }) },
  };
}

/**
 * Read by Powertools itself (the loggers are made before the environment is parsed); validated
 * here so that a wrong value stops the start instead of being ignored. The share of invocations
 * that log at DEBUG, 0 to 1 (0.01: one in a hundred); unset: none beyond POWERTOOLS_LOG_LEVEL.
 */
export const logEnv = {
  POWERTOOLS_LOGGER_SAMPLE_RATE: z.optional(
    z
      .pipe(
        z.string().check(z.regex(/^\d+(\.\d+)?$/, 'must be a number from 0 to 1')),
        z.transform((v) => Number(v)),
      )
      .check(z.refine((n) => n <= 1, { message: 'must be a number from 0 to 1' })),
  ),
};

/** Where the HS256 key comes from (read by @chat/auth/jwt-secret): see jwtSecretSourceCheck. */
export const jwtSecretEnv = {
  /** Local: the key itself, at least 32 bytes, the same for both Lambdas. Unset on AWS. */
  JWT_SECRET: z.optional(z.string().check(z.minLength(32, 'JWT_SECRET must be at least 32 characters'))),
  /** AWS: the name of the SSM SecureString parameter holding the key, read once per cold start. */
  JWT_SECRET_PARAMETER: z.optional(z.string().check(z.minLength(1))),
  /** The SDK's standard override of SSM's endpoint (a stand-in in tests). Unset on AWS. */
  AWS_ENDPOINT_URL_SSM: z.optional(z.url()),
};

/** Exactly one of JWT_SECRET and JWT_SECRET_PARAMETER. */
export const jwtSecretSourceCheck = <T extends { JWT_SECRET?: string | undefined; JWT_SECRET_PARAMETER?: string | undefined }>() =>
  z.refine<T>((env) => (env.JWT_SECRET === undefined) !== (env.JWT_SECRET_PARAMETER === undefined), {
    message: 'set exactly one of JWT_SECRET (the key) or JWT_SECRET_PARAMETER (its SSM parameter name)',
    path: ['JWT_SECRET'],
  });

/** The validated environment, or an error naming every variable that is wrong. */
export function parseEnv<S extends z.ZodMiniType>(schema: S, source: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return result.data;
}
