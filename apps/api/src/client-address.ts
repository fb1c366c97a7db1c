// The caller's address, as each runtime knows it. The app is given one of these: shared code
// never reads Hono's `c.env` (the raw Lambda event on AWS, Node's request locally), and no
// request header (X-Forwarded-For is whatever the client wrote) decides it.
import { getConnInfo as nodeConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { getConnInfo as lambdaConnInfo } from 'hono/aws-lambda';

export type ClientAddress = (c: Context) => string | null;

/** On Lambda behind the HTTP API: `requestContext.http.sourceIp`, the peer API Gateway saw. */
export const lambdaClientAddress: ClientAddress = (c) => lambdaConnInfo(c).remote.address ?? null;

/** On Node's HTTP server (@hono/node-server): the socket's remote address. */
export const nodeClientAddress: ClientAddress = (c) => nodeConnInfo(c).remote.address ?? null;
