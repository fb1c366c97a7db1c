/**
 * The environment for a child process that runs our handlers without @chat/local-runtime: this
 * one's, less AWS_LAMBDA_MAX_CONCURRENCY. local-runtime sets it here (it runs invocations
 * concurrently, each in its own InvokeStore context, as Lambda Managed Instances do); a process
 * that has it but no InvokeStore is a runtime that does not exist, where every Powertools log
 * call throws "InvokeStore is not available".
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { AWS_LAMBDA_MAX_CONCURRENCY: _concurrency, ...env } = process.env;
  return { ...env, ...extra };
}
