// The Context a Lambda invocation gets, for a handler called in-process.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** API Gateway gives up on an integration after 29 s; the handler may budget against that. */
const integrationTimeoutMs = 29_000;

export function lambdaContext(functionName = 'local-ws'): Context {
  const deadline = Date.now() + integrationTimeoutMs;
  const awsRequestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '128',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${awsRequestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    // Legacy callbacks: a promise-returning handler never calls them.
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
