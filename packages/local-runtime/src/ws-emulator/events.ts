// Builds the CONNECT, MESSAGE and DISCONNECT events as API Gateway does (see the fixtures).
import { awsStyleId } from './ids.ts';
import type {
  WebSocketConnectEvent,
  WebSocketDisconnectEvent,
  WebSocketIdentity,
  WebSocketMessageEvent,
  WebSocketRequestContextBase,
} from './types.ts';

/** What every event of one connection shares. */
export interface ConnectionFacts {
  connectionId: string;
  connectedAt: number;
  identity: WebSocketIdentity;
  stage: string;
  domainName: string;
  apiId: string;
}

/** The parts of the upgrade request a CONNECT event carries. */
export interface UpgradeRequestFacts {
  /** Node's `req.rawHeaders`: name, value, name, value… with the client's spelling. */
  rawHeaders: readonly string[];
  /** `req.url`: path and query. */
  url: string;
  port: number;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** `10/Oct/2024:22:56:18 +0000`, the format of requestContext.requestTime. */
export function clfTime(epochMs: number): string {
  const d = new Date(epochMs);
  const date = `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}`;
  return `${date}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function requestContext<R extends string, T extends WebSocketRequestContextBase['eventType']>(
  facts: ConnectionFacts,
  routeKey: R,
  eventType: T,
  now: number,
) {
  // On AWS requestId and extendedRequestId of a WebSocket event are the same value.
  const requestId = awsStyleId();
  return {
    routeKey,
    eventType,
    extendedRequestId: requestId,
    requestTime: clfTime(now),
    messageDirection: 'IN' as const,
    stage: facts.stage,
    connectedAt: facts.connectedAt,
    requestTimeEpoch: now,
    identity: { ...facts.identity },
    requestId,
    domainName: facts.domainName,
    connectionId: facts.connectionId,
    apiId: facts.apiId,
  };
}

/** headers keep the last value of a repeated header, multiValueHeaders all; names keep the client's case. */
function headerMaps(pairs: Iterable<[string, string]>) {
  const multiValueHeaders: Record<string, string[]> = {};
  const spelling = new Map<string, string>();
  for (const [name, value] of pairs) {
    const key = spelling.get(name.toLowerCase()) ?? name;
    spelling.set(name.toLowerCase(), key);
    (multiValueHeaders[key] ??= []).push(value);
  }
  const headers: Record<string, string> = {};
  for (const [key, values] of Object.entries(multiValueHeaders)) headers[key] = values.at(-1) ?? '';
  return { headers, multiValueHeaders };
}

function* rawHeaderPairs(request: UpgradeRequestFacts, sourceIp: string): Generator<[string, string]> {
  const seen = new Set<string>();
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i] as string;
    seen.add(name.toLowerCase());
    yield [name, request.rawHeaders[i + 1] as string];
  }
  // API Gateway's load balancer adds these; handlers commonly read X-Forwarded-For.
  if (!seen.has('x-forwarded-for')) yield ['X-Forwarded-For', sourceIp];
  if (!seen.has('x-forwarded-port')) yield ['X-Forwarded-Port', String(request.port)];
  if (!seen.has('x-forwarded-proto')) yield ['X-Forwarded-Proto', 'http'];
}

/** Both maps, or neither when the URL has no parameters (AWS then omits the fields). */
function queryMaps(url: string) {
  const params = URL.canParse(url, 'http://localhost') ? new URL(url, 'http://localhost').searchParams : undefined;
  if (!params?.size) return {};
  const queryStringParameters: Record<string, string> = {};
  const multiValueQueryStringParameters: Record<string, string[]> = {};
  for (const [name, value] of params) {
    queryStringParameters[name] = value;
    (multiValueQueryStringParameters[name] ??= []).push(value);
  }
  return { queryStringParameters, multiValueQueryStringParameters };
}

export function connectEvent(facts: ConnectionFacts, request: UpgradeRequestFacts, now = Date.now()): WebSocketConnectEvent {
  return {
    ...headerMaps(rawHeaderPairs(request, facts.identity.sourceIp)),
    ...queryMaps(request.url),
    requestContext: requestContext(facts, '$connect', 'CONNECT', now),
    isBase64Encoded: false,
  };
}

export function messageEvent(
  facts: ConnectionFacts,
  routeKey: string,
  body: string,
  isBase64Encoded: boolean,
  now = Date.now(),
): WebSocketMessageEvent {
  return {
    requestContext: { ...requestContext(facts, routeKey, 'MESSAGE', now), messageId: awsStyleId() },
    body,
    isBase64Encoded,
  };
}

export function disconnectEvent(
  facts: ConnectionFacts,
  disconnectStatusCode: number,
  disconnectReason: string,
  now = Date.now(),
): WebSocketDisconnectEvent {
  // AWS sends these four headers on $disconnect, not the client's.
  const { headers, multiValueHeaders } = headerMaps([
    ['Host', facts.domainName],
    ['x-api-key', ''],
    ['X-Forwarded-For', ''],
    ['x-restapi', ''],
  ]);
  return {
    headers,
    multiValueHeaders,
    requestContext: { ...requestContext(facts, '$disconnect', 'DISCONNECT', now), disconnectStatusCode, disconnectReason },
    isBase64Encoded: false,
  };
}
