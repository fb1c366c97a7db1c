import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { localRegion } from '../dynamodb-local.ts';

/** Lambda's default timeout for a function; locally nothing enforces it. */
const timeoutMs = 60_000;

/** A Context like the one Lambda passes each invocation (fresh request id every time). */
export function lambdaContext(functionName: string): Context {
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
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
