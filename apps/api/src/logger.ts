import { Logger } from '@aws-lambda-powertools/logger';
import { redactSecrets } from '@chat/env/redact';

/**
 * Structured JSON lines on stdout (CloudWatch on AWS). Never log a request body: it may hold a
 * password or a token; redactSecrets still blanks secrets in whatever is logged. Each request's
 * lines carry its request id and tRPC path (log-context.ts). Levels: POWERTOOLS_LOG_LEVEL;
 * POWERTOOLS_LOGGER_SAMPLE_RATE of the requests log at DEBUG.
 */
export const logger = new Logger({ serviceName: 'chat-api', jsonReplacerFn: redactSecrets });
