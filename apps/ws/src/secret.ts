import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import type { Env } from './env.ts';

/**
 * The JWT key: JWT_SECRET itself locally; on AWS the SSM SecureString named by
 * JWT_SECRET_PARAMETER, decrypted. Called once per cold start. The value is never logged.
 */
export async function loadJwtSecret(
  env: Pick<Env, 'JWT_SECRET' | 'JWT_SECRET_PARAMETER'>,
  read: (name: string) => Promise<string | undefined> = (name) => getParameter(name, { decrypt: true }),
): Promise<string> {
  if (env.JWT_SECRET !== undefined) return env.JWT_SECRET;
  const name = env.JWT_SECRET_PARAMETER;
  if (!name) throw new Error('Set JWT_SECRET or JWT_SECRET_PARAMETER');
  const secret = await read(name);
  if (!secret) throw new Error(`SSM parameter ${name} is empty or missing`);
  return secret;
}
