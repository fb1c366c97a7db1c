import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';

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
 * never logged. (terraform/test/code-access.ts grants the SSM actions of the commands this file
 * sends to whoever imports it.)
 */
export async function loadJwtSecret(
  env: JwtSecretSource,
  read: (name: string) => Promise<string | undefined> = (name) => readSecureParameter(name, env),
): Promise<string> {
  if (env.JWT_SECRET !== undefined) return env.JWT_SECRET;
  const name = env.JWT_SECRET_PARAMETER;
  if (!name) throw new Error('Set JWT_SECRET or JWT_SECRET_PARAMETER');
  const secret = await read(name);
  if (!secret) throw new Error(`SSM parameter ${name} (JWT_SECRET_PARAMETER) is empty`);
  return secret;
}

/** One GetParameter with decryption; the SDK's client signs, retries and corrects clock skew. */
async function readSecureParameter(name: string, env: JwtSecretSource): Promise<string | undefined> {
  // Read once per cold start: a client of its own, closed after, rather than a cached provider.
  const client = new SSMClient({
    region: env.AWS_REGION,
    ...(env.AWS_ENDPOINT_URL_SSM !== undefined && { endpoint: env.AWS_ENDPOINT_URL_SSM }),
  });
  try {
    const { Parameter } = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    return Parameter?.Value;
  } catch (err) {
    // The SDK's errors carry no parameter value; name the parameter, keep the SDK's error as cause.
    if (err instanceof ParameterNotFound) {
      throw new Error(`SSM parameter ${name} (JWT_SECRET_PARAMETER) does not exist`, { cause: err });
    }
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    throw new Error(`Could not read SSM parameter ${name} (JWT_SECRET_PARAMETER): ${reason}`, { cause: err });
  } finally {
    client.destroy();
  }
}
