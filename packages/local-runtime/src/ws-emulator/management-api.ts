// API Gateway's management API (`POST|GET|DELETE /@connections/{id}`), answered the way the real
// service answers, so `@aws-sdk/client-apigatewaymanagementapi` works unchanged (errors included).
// As on AWS, only requests signed (SigV4) with the credentials it was given are served.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Connection } from './connection.ts';
import { bodyHasher, type SigningCredentials, verifySignature } from './sigv4.ts';

export interface ManagementBackend {
  stage: string;
  maxMessageBytes: number;
  /** Unsent bytes a connection may hold before it is cut as not reading. */
  maxBufferedBytes: number;
  /** A connection cut for holding too much unsent data (a log line, no id). */
  onSlowConsumer(connection: Connection): void;
  /** An open connection, i.e. one whose $connect has returned and whose socket is open. */
  find(connectionId: string): Connection | undefined;
  /** A status injected by failNextPosts for this POST, if any. */
  takePostFault(connectionId: string): number | undefined;
  /** Whether the handler's dependencies answer (DynamoDB): `/health` says so. */
  health(): Promise<boolean>;
  /** The only credentials whose signatures are accepted. */
  credentials: SigningCredentials;
  /** Epoch ms: the clock a signature's date is checked against. */
  now(): number;
}

// The SDK names its errors after the x-amzn-ErrorType header.
const errorTypes: Record<number, string> = {
  400: 'BadRequestException',
  403: 'ForbiddenException',
  404: 'NotFoundException',
  410: 'GoneException',
  413: 'PayloadTooLargeException',
  429: 'LimitExceededException',
  500: 'InternalServerErrorException',
  503: 'ServiceUnavailableException',
};

function fail(res: ServerResponse, status: number, message: string | null = null, errorType?: string): void {
  const type = errorType ?? errorTypes[status] ?? (status >= 500 ? 'InternalServerErrorException' : 'BadRequestException');
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-ErrorType': type,
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(JSON.stringify({ message }));
}

function ok(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-RequestId': randomUUID() });
  res.end(text);
}

/**
 * The body (undefined when larger than `limit`) and the SHA-256 of all of it, which the
 * signature covers: read to the end either way.
 */
function readBody(req: IncomingMessage, limit: number): Promise<{ data: Buffer | undefined; sha256: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const hash = bodyHasher();
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      hash.update(chunk);
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve({ data: size <= limit ? Buffer.concat(chunks) : undefined, sha256: hash.hex() }));
    req.on('error', reject);
  });
}

/** The connection id of `/@connections/{id}` or `/{stage}/@connections/{id}` (the SDK keeps an endpoint's path). */
function connectionIdOf(pathname: string, stage: string): string | undefined {
  const match = /^(?:\/([^/]+))?\/@connections\/([^/]+)$/.exec(pathname.replace('/%40connections/', '/@connections/'));
  if (!match) return undefined;
  try {
    if (match[1] !== undefined && decodeURIComponent(match[1]) !== stage) return undefined;
    return decodeURIComponent(match[2] as string);
  } catch {
    return undefined;
  }
}

async function route(backend: ManagementBackend, req: IncomingMessage, res: ServerResponse, log: (line: string) => void): Promise<void> {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && pathname === '/health') {
    const healthy = await backend.health().catch(() => false);
    return ok(res, healthy ? 200 : 503, { ok: healthy });
  }
  const id = connectionIdOf(pathname, backend.stage);
  if (id === undefined || !['POST', 'GET', 'DELETE'].includes(req.method ?? '')) {
    return fail(res, 404, 'Not Found');
  }

  // Nothing is posted, closed or told before the signature holds (a cross-site form post has none).
  const { data, sha256 } = await readBody(req, backend.maxMessageBytes);
  const verdict = await verifySignature({ method: req.method!, url: req.url ?? '/', headers: req.headers, bodySha256: sha256 }, backend.credentials, backend.now());
  if (!verdict.ok) {
    log(`management API: refused a ${req.method} request (${verdict.errorType})`);
    return fail(res, 403, verdict.message, verdict.errorType);
  }

  if (req.method === 'POST') {
    const fault = backend.takePostFault(id);
    if (fault !== undefined) return fail(res, fault, 'Injected failure');
    if (!data) return fail(res, 413, 'Request entity too large');
    const connection = backend.find(id);
    if (!connection?.socket) return fail(res, 410);
    // Delivered verbatim, as a text frame, as API Gateway does; a client that stopped reading is cut.
    if (connection.send(data, backend.maxBufferedBytes)) return ok(res, 200);
    backend.onSlowConsumer(connection);
    return fail(res, 410);
  }

  const connection = backend.find(id);
  if (!connection) return fail(res, 410);
  if (req.method === 'DELETE') {
    connection.close(1000, '');
    return ok(res, 204);
  }
  const { connectedAt, identity } = connection.facts;
  // Wire names are lower camel case; the SDK maps them to ConnectedAt, Identity, LastActiveAt.
  return ok(res, 200, {
    connectedAt: new Date(connectedAt).toISOString(),
    identity: { sourceIp: identity.sourceIp, userAgent: identity.userAgent },
    lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
  });
}

export function managementApi(backend: ManagementBackend, log: (line: string) => void): RequestListener {
  return (req, res) => {
    route(backend, req, res, log).catch((err: unknown) => {
      log(`management API: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) fail(res, 500, 'Internal server error');
      else res.destroy();
    });
  };
}
