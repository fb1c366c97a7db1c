// The Context a Lambda invocation gets, for a handler called in-process (by the WebSocket
// emulator and by the Streams poller): a fresh request id every time.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { localRegion } from './dynamodb-local.ts';

/** `timeoutMs` only feeds getRemainingTimeInMillis: locally nothing enforces it. */
export function lambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${localRegion}:000000000000:function:${functionName}`,
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    // Legacy callbacks: a promise-returning handler never calls them.
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
