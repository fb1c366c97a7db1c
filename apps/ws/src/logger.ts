import { Logger } from '@aws-lambda-powertools/logger';
import { redactSecrets } from '@chat/env/redact';

/**
 * Structured JSON lines on stdout (CloudWatch on AWS). Never log an event: a $connect event
 * carries the ticket or the token; redactSecrets still blanks secrets in whatever is logged.
 * The handler adds the request id, the route key and the connection id to each invocation's
 * lines. Levels: POWERTOOLS_LOG_LEVEL; POWERTOOLS_LOGGER_SAMPLE_RATE of the invocations log at DEBUG.
 */
export const logger = new Logger({ serviceName: 'chat-ws', jsonReplacerFn: redactSecrets });
