// Lambda runs the concurrent invocations of one environment (Lambda Managed Instances) each in
// its own InvokeStore context, and Powertools then keeps each invocation's log keys, request id
// and sampled log level apart. The emulator, the poller and apps/local run many invocations at
// once in one process, so each of them gets such a context too, as the Node.js runtime gives it.
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import type { Context } from 'aws-lambda';

// Made here, before the AWS SDK asks for it (on its first request), and forced to the
// AsyncLocalStorage kind: a store made without the variable below keeps one context for all.
const store = await InvokeStore.getInstanceAsync(true);
const isolated = store.run({}, () => true) && !store.hasContext();
// What tells Powertools to scope its state by the store; set only once the store exists, since
// with the variable and no store every log call throws. (Another program that made the store
// first, unscoped, keeps Powertools' shared state.)
if (isolated) process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '64';

/** Runs one invocation in its own InvokeStore context, keyed by its request id. */
export function runInvocation<T>(context: Pick<Context, 'awsRequestId'>, invoke: () => T): T {
  return store.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context.awsRequestId }, invoke);
}
