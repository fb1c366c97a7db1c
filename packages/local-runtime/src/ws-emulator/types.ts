// The events API Gateway's WebSocket API sends a Lambda proxy integration, and the emulator's API.
// @types/aws-lambda's APIGatewayProxyWebsocketEventV2 is one loose shape for all three (it
// claims a messageId on $connect, which AWS never sends), so these follow what AWS does send
// (packages/local-runtime/fixtures/aws-events/websocket-*.json).
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';

export interface WebSocketIdentity {
  sourceIp: string;
  /** Present when the client sent a User-Agent header. */
  userAgent?: string;
}

export interface WebSocketRequestContextBase {
  routeKey: string;
  eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
  extendedRequestId: string;
  /** CLF style: `10/Oct/2024:22:56:18 +0000`. */
  requestTime: string;
  messageDirection: 'IN';
  stage: string;
  /** Epoch ms. */
  connectedAt: number;
  /** Epoch ms. */
  requestTimeEpoch: number;
  identity: WebSocketIdentity;
  requestId: string;
  domainName: string;
  connectionId: string;
  apiId: string;
}

export interface WebSocketConnectEvent {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  /** Absent when the URL has no query string. */
  queryStringParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
  requestContext: WebSocketRequestContextBase & { routeKey: '$connect'; eventType: 'CONNECT' };
  isBase64Encoded: false;
}

export interface WebSocketMessageEvent {
  requestContext: WebSocketRequestContextBase & { eventType: 'MESSAGE'; messageId: string };
  /** The frame's text, or a binary frame's bytes in base64 (then isBase64Encoded is true). */
  body: string;
  isBase64Encoded: boolean;
}

export interface WebSocketDisconnectEvent {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  requestContext: WebSocketRequestContextBase & {
    routeKey: '$disconnect';
    eventType: 'DISCONNECT';
    disconnectStatusCode: number;
    disconnectReason: string;
  };
  isBase64Encoded: false;
}

export type WebSocketEvent = WebSocketConnectEvent | WebSocketMessageEvent | WebSocketDisconnectEvent;

export type WebSocketHandler = (
  event: WebSocketEvent,
  context: Context,
) => Promise<APIGatewayProxyResultV2 | void | undefined>;

export interface WsEmulatorOptions {
  handler: WebSocketHandler;
  /** Route keys besides $connect/$disconnect/$default (one per action). */
  routeKeys: readonly string[];
  /**
   * Routes with two-way communication (a `$default` route response, as Terraform's
   * `aws_apigatewayv2_route_response`): the `body` of what the integration returns is sent to
   * the connection as one frame, after the invocation. Without a body, an empty frame, as on
   * AWS. Other routes' results are dropped. Default: none.
   */
  twoWayRouteKeys?: readonly string[];
  /** 0 or omitted: a free port. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1 (what `localhost` resolves to here). */
  host?: string;
  /** Default 'local'. */
  stage?: string;
  /** Default 10 minutes, as on AWS. */
  idleTimeoutMs?: number;
  /** Default 2 hours, as on AWS. */
  maxConnectionMs?: number;
  /** Default 128 KB, as on AWS. */
  maxMessageBytes?: number;
  /**
   * Unsent bytes a connection may hold (a client that stopped reading) before it is cut, its
   * $disconnect reporting 1008; the post that passed the bound answers 410. Default 1 MB.
   */
  maxBufferedBytes?: number;
  /**
   * One connection's invocations running at once (default 16): the rest wait their turn, so a
   * client that floods delays its own frames, not other clients' (on AWS each invocation has a
   * Lambda instance of its own; here they share one process). See frame-queue.ts. Not lower: a
   * client within its budgets whose frames are slow (5 sends a second that take a second each
   * on a loaded machine) must not queue behind its own frames; 4 made the bench's sender wait
   * 0.6 s (p50) in the queue.
   */
  maxInFlightPerConnection?: number;
  /** A connection's frames waiting before its socket stops being read (TCP backpressure on the sender). Default 64. */
  maxQueuedPerConnection?: number;
  /** false plays API Gateway losing a $disconnect (it is best effort on AWS): sockets close without the handler hearing. Default true. */
  sendDisconnectEvents?: boolean;
  /** What `GET /health` reports: 503 `{ok:false}` while it resolves false or throws. Default: always healthy. */
  health?: () => Promise<boolean>;
  /**
   * The credentials the management API accepts signatures of (SigV4, as API Gateway's IAM
   * authorization); anything else is 403. Default: the local stack's fake ones (localCredentials).
   */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Lines without connection ids (starts, failures, refusals). */
  log?: (line: string) => void;
  /** Lines naming connections (connected, disconnected, closed for a reason); default: dropped. */
  debug?: (line: string) => void;
}

export interface WsEmulator {
  port: number;
  /** ws://localhost:<port> */
  url: string;
  /** http://localhost:<port>: the endpoint an ApiGatewayManagementApiClient gets. */
  managementEndpoint: string;
  connectionIds(): string[];
  /** Frames received whose invocation has not finished (waiting their turn or running): 0 once every frame so far has been handled. */
  framesPending(): number;
  /** Test fault injection: the next `count` POSTs to this connection answer `status` (default 500) instead of delivering. */
  failNextPosts(connectionId: string, count: number, status?: number): void;
  /** Closes every socket (sending $disconnect events if enabled) and the server. */
  close(): Promise<void>;
}
