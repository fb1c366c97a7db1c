import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

/** What API Gateway sends for every route; $connect adds headers and the query string. */
export type WebSocketEvent = APIGatewayProxyWebsocketEventV2 & {
  headers?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined> | null;
};

export interface RouteResult {
  statusCode: number;
  body?: string;
}

export type RouteHandler = (event: WebSocketEvent) => Promise<RouteResult>;

export const OK: RouteResult = { statusCode: 200 };
