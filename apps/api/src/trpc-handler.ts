import {
  type AnyTRPCProcedure,
  type AnyTRPCRouter,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  type inferRouterContext,
  TRPCError,
  transformTRPCResponse,
} from '@trpc/server';
import { getHTTPStatusCode, type HTTPErrorHandler } from '@trpc/server/http';
import type { TRPCResponse } from '@trpc/server/rpc';
import { trpcServer } from '@hono/trpc-server';
import type { Context as HonoContext, MiddlewareHandler } from 'hono';

export interface TrpcHandlerOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter;
  /** Where the router is mounted, e.g. `/trpc`. */
  endpoint: string;
  createContext: (c: HonoContext) => inferRouterContext<TRouter>;
  onError?: HTTPErrorHandler<TRouter, Request>;
}

// A procedure path: dotted names, nothing that needs decoding, no batch (`a,b`).
const PLAIN_PATH = /^[\w.-]+$/;
const JSON_HEADERS = { 'content-type': 'application/json', vary: 'trpc-accept, accept' };

/**
 * Serves a tRPC router on Hono. Answers the calls every client here makes, one unbatched JSON
 * query (GET) or mutation (POST), straight from Hono's request: tRPC's fetch adapter builds a
 * WHATWG Request, a URL, Headers, two AbortSignals and a Response for each call (in the bench,
 * auth.me went from 4.1k to 6.6k req/s without them). Everything else (batches, streams, subscriptions,
 * unknown paths, wrong methods or content types) goes to that adapter, so the wire format is
 * tRPC's in every case; trpc-handler.test.ts holds the two side by side.
 */
export function trpcHandler<TRouter extends AnyTRPCRouter>(opts: TrpcHandlerOptions<TRouter>): MiddlewareHandler {
  const config = opts.router._def._config;
  const procedures = opts.router._def.procedures as Record<string, AnyTRPCProcedure | undefined>;
  const fetchAdapter = trpcServer({
    router: opts.router,
    endpoint: opts.endpoint,
    createContext: (_opts, c) => opts.createContext(c) as Record<string, unknown>,
    ...(opts.onError && { onError: opts.onError as never }),
  });

  return async (c, next) => {
    const method = c.req.method;
    const path = c.req.path.slice(opts.endpoint.length + 1);
    const procedure = PLAIN_PATH.test(path) ? procedures[path] : undefined;
    if (!procedure || !isPlainCall(c, method, procedure._def.type)) return fetchAdapter(c, next);
    const type = procedure._def.type;

    let input: unknown;
    let ctx: inferRouterContext<TRouter> | undefined;
    let response: TRPCResponse;
    // Read lazily, as tRPC does: a middleware (auth, say) may answer before the input is parsed.
    let reading: Promise<unknown> | undefined;
    const getRawInput = () =>
      (reading ??= readInput(c, method).then((raw) => (input = raw === undefined ? raw : config.transformer.input.deserialize(raw))));
    try {
      ctx = opts.createContext(c);
      const data: unknown = await procedure({ path, getRawInput, ctx, type, signal: undefined, batchIndex: 0 });
      response = { result: { data } };
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      opts.onError?.({ error, path, input, ctx, type, req: c.req.raw });
      response = { error: getTRPCErrorShape({ config, error, type, path, input, ctx }) };
    }
    return c.body(JSON.stringify(transformTRPCResponse(config, response)), getHTTPStatusCode(response) as 200, JSON_HEADERS);
  };
}

function isPlainCall(c: HonoContext, method: string, type: AnyTRPCProcedure['_def']['type']): boolean {
  const methodFits = type === 'query' ? method === 'GET' : type === 'mutation' && method === 'POST' && isJson(c.req.header('content-type'));
  return (
    methodFits &&
    c.req.query('batch') === undefined &&
    c.req.header('trpc-accept') === undefined &&
    c.req.header('accept') !== 'application/jsonl'
  );
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase() === 'application/json';
}

/** The input as tRPC's JSON handler reads it: `?input=` on GET, the body on POST. */
async function readInput(c: HonoContext, method: string): Promise<unknown> {
  const raw = method === 'GET' ? c.req.query('input') : await c.req.text();
  if (method === 'GET' && !raw) return undefined;
  try {
    return JSON.parse(raw!);
  } catch (cause) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: cause instanceof Error ? cause.message : 'Invalid input', cause });
  }
}
