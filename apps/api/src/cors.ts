import type { MiddlewareHandler } from 'hono';

export interface CorsOptions {
  origins: readonly string[];
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  maxAgeSeconds: number;
}

/**
 * CORS for a list of exact origins. Hono's `cors()` adds `Vary: Origin` with `c.header()` after
 * the handler, which rebuilds the finished response; on @hono/node-server that turns every
 * response into a stream and copies it (a third of auth.me's time in the bench). Here the
 * headers go onto the response as it is.
 */
export function cors({ origins, allowMethods, allowHeaders, maxAgeSeconds }: CorsOptions): MiddlewareHandler {
  const methods = allowMethods.join(',');
  const headers = allowHeaders.join(',');
  return async (c, next) => {
    const origin = c.req.header('origin');
    const allowed = origin !== undefined && origins.includes(origin) ? origin : undefined;
    if (c.req.method === 'OPTIONS') {
      // A preflight: answered here, before any route (tRPC would answer it 415).
      return c.body(null, 204, {
        vary: 'Origin',
        ...(allowed && {
          'access-control-allow-origin': allowed,
          'access-control-allow-methods': methods,
          'access-control-allow-headers': headers,
          'access-control-max-age': String(maxAgeSeconds),
        }),
      });
    }
    await next();
    // On the response itself: c.header() after the handler would rebuild the finished response.
    const responseHeaders = c.res.headers;
    responseHeaders.append('vary', 'Origin');
    if (allowed) responseHeaders.set('access-control-allow-origin', allowed);
  };
}
