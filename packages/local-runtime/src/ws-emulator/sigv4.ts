// SigV4 verification of management API requests, as API Gateway's IAM authorization does it:
// the signature is recomputed (with the SDK's own signer) from the request as received and
// the local credentials, then compared in constant time. Errors carry AWS's types and texts.
import { createHash, createHmac, timingSafeEqual, type BinaryLike, type Hash, type Hmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What the request must have been signed for (the service name of the management API). */
const service = 'execute-api';
/** AWS accepts a signature dated at most 5 minutes from its own clock, either way. */
const maxSkewMs = 5 * 60_000;
const algorithm = 'AWS4-HMAC-SHA256';
const contentHashHeader = 'x-amz-content-sha256';

export type Verdict = { ok: true } | { ok: false; errorType: string; message: string };

const refused = (errorType: string, message: string): Verdict => ({ ok: false, errorType, message });

/** The signer's hash: SHA-256, or HMAC-SHA-256 when given a key (the signer's Checksum shape). */
class Sha256 {
  private readonly secret: BinaryLike | undefined;
  private hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    if (secret === undefined || typeof secret === 'string') this.secret = secret;
    else if (ArrayBuffer.isView(secret)) this.secret = new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength);
    else this.secret = new Uint8Array(secret);
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

/** The hex SHA-256 of a body, fed chunk by chunk (so a body too large to keep is still checked). */
export function bodyHasher(): { update(chunk: Buffer): void; hex(): string } {
  const hash = createHash('sha256');
  return { update: (chunk) => void hash.update(chunk), hex: () => hash.digest('hex') };
}

/** `Credential=…, SignedHeaders=…, Signature=…` of an Authorization header. */
function parseAuthorization(header: string) {
  if (!header.startsWith(`${algorithm} `)) return undefined;
  const params = new Map<string, string>();
  for (const part of header.slice(algorithm.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = params.get('Credential');
  const signedHeaders = params.get('SignedHeaders');
  const signature = params.get('Signature');
  if (!credential || !signedHeaders || !signature) return undefined;
  const [accessKeyId, date, region, scopeService, terminal, ...rest] = credential.split('/');
  if (!accessKeyId || !date || !region || !scopeService || terminal !== 'aws4_request' || rest.length > 0) return undefined;
  return { accessKeyId, date, region, service: scopeService, signedHeaders: signedHeaders.split(';'), signature };
}

/** `20261201T152523Z` as epoch ms, or undefined. */
function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  return Number.isNaN(ms) ? undefined : ms;
}

const amzDate = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(',') : value);

/** The query as the signer wants it: decoded names to a value or the list of values. */
function queryOf(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const seen = query[name];
    query[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return query;
}

export interface SignedRequest {
  method: string;
  /** `req.url`: the path and query exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The hex SHA-256 of the body as received. */
  bodySha256: string;
}

export async function verifySignature(request: SignedRequest, credentials: SigningCredentials, now: number): Promise<Verdict> {
  const authorization = headerValue(request.headers.authorization);
  if (authorization === undefined) return refused('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const auth = parseAuthorization(authorization);
  if (!auth) {
    return refused(
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters of ${algorithm}.`,
    );
  }
  const dateHeader = headerValue(request.headers['x-amz-date']);
  const signedAt = dateHeader === undefined ? undefined : parseAmzDate(dateHeader);
  if (signedAt === undefined || !auth.signedHeaders.includes('x-amz-date') || !auth.signedHeaders.includes('host')) {
    return refused('IncompleteSignatureException', "The request must carry a signed 'X-Amz-Date' header and a signed 'Host' header.");
  }
  if (signedAt < now - maxSkewMs) {
    return refused('InvalidSignatureException', `Signature expired: ${dateHeader} is now earlier than ${amzDate(now - maxSkewMs)} (${amzDate(now)} - 5 min.)`);
  }
  if (signedAt > now + maxSkewMs) {
    return refused('InvalidSignatureException', `Signature not yet current: ${dateHeader} is still later than ${amzDate(now + maxSkewMs)} (${amzDate(now)} + 5 min.)`);
  }
  if (auth.date !== dateHeader!.slice(0, 8)) {
    return refused('InvalidSignatureException', 'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.');
  }
  if (auth.service !== service) {
    return refused('InvalidSignatureException', `Credential should be scoped to correct service: '${service}'.`);
  }
  if (auth.accessKeyId !== credentials.accessKeyId) {
    return refused('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }

  // The request as the client signed it: only the headers it names, and the payload hash of the
  // body that arrived (a claimed x-amz-content-sha256 is replaced, so a lie fails the check).
  const signed = new Set(auth.signedHeaders);
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = headerValue(request.headers[name]);
    if (value !== undefined) headers[name] = value;
  }
  headers[contentHashHeader] = request.bodySha256;
  const queryAt = request.url.indexOf('?');
  const path = queryAt < 0 ? request.url : request.url.slice(0, queryAt);
  const signer = new SignatureV4({ service, region: auth.region, credentials, sha256: Sha256, applyChecksum: false });
  const expected = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: headers.host ?? '',
      path,
      query: queryOf(queryAt < 0 ? '' : request.url.slice(queryAt + 1)),
      headers,
    },
    {
      signingDate: new Date(signedAt),
      signingRegion: auth.region,
      signingService: service,
      signableHeaders: signed,
      ...(signed.has(contentHashHeader) ? {} : { unsignableHeaders: new Set([contentHashHeader]) }),
    },
  );
  const expectedSignature = /Signature=([0-9a-f]+)$/.exec(String(expected.headers.authorization))?.[1] ?? '';
  const given = Buffer.from(auth.signature);
  const wanted = Buffer.from(expectedSignature);
  // Same length first (a signature's length is public: 64 hex digits); then constant time.
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return refused(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return { ok: true };
}
