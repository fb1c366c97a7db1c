// One SSM GetParameter call, signed with SigV4, on node:https: what the JWT key needs at cold
// start. @aws-sdk/client-ssm (through Powertools Parameters) did the same with 90 KB more in each
// Lambda bundle and its own client to build; the signer, the hash and the credential chain here
// are the ones the DynamoDB client already bundles.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface SsmOptions {
  region: string;
  /** Default: SSM's regional endpoint (ssmEndpoint); a local stand-in in tests. */
  endpoint?: string;
  /** Default: the SDK's chain (on Lambda, the execution role's keys in the environment). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts in all for a throttled, 5xx or network failure (default 3). */
  maxAttempts?: number;
}

/** An error SSM answered, e.g. `ParameterNotFound` or `AccessDeniedException`. */
export class SsmError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SsmError';
  }
}

interface Answer {
  status: number;
  body: string;
}

const TIMEOUT_MS = 5_000;

/** SSM's regional endpoint; the China regions have their own domain. */
export function ssmEndpoint(region: string): string {
  return `https://ssm.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

/** The decrypted value of a (SecureString) parameter. The value is never logged. */
export async function getSecureParameter(name: string, options: SsmOptions): Promise<string> {
  const url = new URL(options.endpoint ?? ssmEndpoint(options.region));
  const signer = new SignatureV4({
    service: 'ssm',
    region: options.region,
    credentials: options.credentials ?? defaultProvider(),
    sha256: Hash.bind(null, 'sha256'),
  });
  const body = JSON.stringify({ Name: name, WithDecryption: true });
  const maxAttempts = options.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    // Signed again for each attempt: the signature carries the time.
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port && { port: Number(url.port) }),
      path: url.pathname,
      query: {},
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AmazonSSM.GetParameter',
      },
      body,
    });
    let answer: Answer | undefined;
    let failure: unknown;
    try {
      answer = await post(url, signed.headers, body);
    } catch (err) {
      failure = err;
    }
    if (answer?.status === 200) {
      const value = (JSON.parse(answer.body) as { Parameter?: { Value?: unknown } }).Parameter?.Value;
      if (typeof value !== 'string') throw new SsmError('MissingValue', 200, `SSM parameter ${name} has no value`);
      return value;
    }
    const error = answer ? errorOf(name, answer) : undefined;
    const retryable = !answer || answer.status >= 500 || error?.type === 'ThrottlingException';
    if (!retryable || attempt >= maxAttempts) {
      throw error ?? new Error(`SSM GetParameter ${name} failed: ${String(failure)}`, { cause: failure });
    }
    await new Promise((r) => setTimeout(r, 50 * 2 ** attempt * Math.random()));
  }
}

function errorOf(name: string, answer: Answer): SsmError {
  let type = 'UnknownError';
  let message = '';
  try {
    const parsed = JSON.parse(answer.body) as { __type?: string; message?: string; Message?: string };
    type = parsed.__type?.split('#').pop() ?? type;
    message = parsed.message ?? parsed.Message ?? '';
  } catch {
    // not JSON: keep the status
  }
  return new SsmError(type, answer.status, `SSM GetParameter ${name}: ${type} (HTTP ${answer.status})${message ? `: ${message}` : ''}`);
}

function post(url: URL, headers: Record<string, string>, body: string): Promise<Answer> {
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', headers, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
