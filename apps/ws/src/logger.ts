import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs. Never log an event: a $connect event carries the token. */
export const logger = new Logger({ serviceName: 'chat-ws' });
