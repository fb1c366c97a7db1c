import { getSecureParameter } from './ssm-parameter.ts';

export interface JwtSecretSource {
  /** Local: the key itself. */
  JWT_SECRET?: string | undefined;
  /** AWS: the name of the SSM SecureString holding the key. */
  JWT_SECRET_PARAMETER?: string | undefined;
  AWS_REGION: string;
  /** The SDK's standard override of SSM's endpoint; tests point it at a stand-in. */
  AWS_ENDPOINT_URL_SSM?: string | undefined;
}

/**
 * The JWT key: JWT_SECRET itself locally; on AWS the SSM SecureString named by
 * JWT_SECRET_PARAMETER, decrypted. Called once per cold start, by both Lambdas. The value is
 * never logged. (terraform/test/code-access.ts grants `ssm:GetParameter` to whoever imports it.)
 */
export async function loadJwtSecret(
  env: JwtSecretSource,
  read: (name: string) => Promise<string> = (name) =>
    getSecureParameter(name, {
      region: env.AWS_REGION,
      ...(env.AWS_ENDPOINT_URL_SSM !== undefined && { endpoint: env.AWS_ENDPOINT_URL_SSM }),
    }),
): Promise<string> {
  if (env.JWT_SECRET !== undefined) return env.JWT_SECRET;
  const name = env.JWT_SECRET_PARAMETER;
  if (!name) throw new Error('Set JWT_SECRET or JWT_SECRET_PARAMETER');
  const secret = await read(name);
  if (!secret) throw new Error(`SSM parameter ${name} is empty`);
  return secret;
}
