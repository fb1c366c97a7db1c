import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs. Never log a request body: it may hold a password or a token. */
export const logger = new Logger({ serviceName: 'chat-api' });
