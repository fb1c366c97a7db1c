// `npm start`: the whole chat on this machine. Ctrl-C (or SIGTERM) stops all of it, Java included,
// even when it comes while the stack is still starting.
import { localConfigFromEnv, webAppDir } from './config.ts';
import { printLogsReadably } from './readable-logs.ts';
import { startLocalStack, type LocalStack } from './stack.ts';
import { buildWebApp, webBuildIsStale } from './web-build.ts';

const log = (line: string) => console.log(`[chat] ${line}`);

const running: { stack?: LocalStack } = {};
let stopping = false;
let exitCode = 0;

function shutdown(reason: string): void {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping`);
  // While starting, the start sequence below sees `stopping` and stops what it started.
  if (running.stack) void running.stack.stop().finally(() => process.exit(0));
}

function fail(what: string, err: unknown): never {
  console.error(`[chat] ${what}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

// Registered before anything starts, so that no signal can leave a Java process behind.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
// npm does not always pass a signal on to its script: if whoever started us is gone, stop too.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && shutdown('parent exited'), 1000).unref();

const config = localConfigFromEnv();
if (config.webDir !== null && webBuildIsStale(webAppDir, config.webDir)) {
  log('building the web app (vite build, a few seconds)...');
  const started = Date.now();
  await buildWebApp(webAppDir).catch((err: unknown) => fail('could not build the web app', err));
  log(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
if (stopping) process.exit(0);

// DynamoDB Local died and would not restart: the chat cannot work, so it stops, saying why.
function fatal(err: Error): void {
  if (stopping) return;
  stopping = true;
  exitCode = 1;
  console.error(`[chat] ${err.message}: stopping everything`);
  if (running.stack) void running.stack.stop().finally(() => process.exit(exitCode));
}

// LOG_LEVEL=DEBUG also prints the lines naming connections (kept out of the default output).
const debug = process.env.LOG_LEVEL?.toUpperCase() === 'DEBUG' ? log : undefined;
// The Lambdas' JSON lines as short human ones, unless LOG_FORMAT=json asks for them as they are.
if (process.env.LOG_FORMAT?.toLowerCase() !== 'json') printLogsReadably({ connectionIds: debug !== undefined });
const started = await startLocalStack(config, { log, ...(debug && { debug }), onFatal: fatal }).catch((err: unknown) => fail('could not start', err));
if (stopping) {
  await started.stop();
  process.exit(exitCode);
}
running.stack = started;
log(`ready. Open ${started.urls.web ?? 'the web app'} to chat. Ctrl-C stops everything.`);
