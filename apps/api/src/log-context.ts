import type { Context, MiddlewareHandler } from 'hono';
import type { LambdaContext } from 'hono/aws-lambda';
import { logger } from './logger.ts';

type LoggerContext = Parameters<typeof logger.addContext>[0];

/** The Lambda context of a request, as the runtime hands it over (none in tests). */
export type RequestContext = (c: Context) => LoggerContext | undefined;

/** hono/aws-lambda's `c.env.lambdaContext` (apps/local hands one over the same way). */
export const lambdaRequestContext: RequestContext = (c) =>
  // Powertools reads only the request's fields of it (request id, function name, ARN, memory).
  (c.env as { lambdaContext?: LambdaContext } | undefined)?.lambdaContext as LoggerContext | undefined;

/** The tRPC path of a request ("auth.login", or "a,b" for a batch); other routes keep their URL path. */
export function trpcPath(urlPath: string): string {
  return urlPath.startsWith('/trpc/') ? urlPath.slice('/trpc/'.length) : urlPath;
}

/**
 * Each request's log lines carry its Lambda request id and its tRPC path; a sampled share of
 * requests logs at DEBUG. The keys are reset when the request is answered, so the next request
 * on the same container starts without them.
 */
export function logContext(requestContext: RequestContext = () => undefined): MiddlewareHandler {
  return async (c, next) => {
    const lambdaContext = requestContext(c);
    logger.refreshSampleRateCalculation();
    if (lambdaContext) logger.addContext(lambdaContext);
    logger.appendKeys({ path: trpcPath(c.req.path) });
    try {
      await next();
      logger.debug('request answered', { status: c.res.status });
    } finally {
      logger.resetKeys();
    }
  };
}
