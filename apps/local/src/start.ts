// `npm start`: the whole chat on this machine. Ctrl-C (or SIGTERM) stops all of it, Java included.
import { localConfigFromEnv } from './config.ts';
import { startLocalStack } from './stack.ts';

const log = (line: string) => console.log(`[chat] ${line}`);

const stack = await startLocalStack(localConfigFromEnv(), log).catch((err: unknown) => {
  console.error(`[chat] could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
log('ready. Ctrl-C stops everything.');

let stopping = false;
function shutdown(reason: string) {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping`);
  void stack.stop().finally(() => process.exit(0));
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
// npm does not always pass a signal on to its script: if whoever started us is gone, stop too,
// so that no Java process is ever left behind.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && shutdown('parent exited'), 1000).unref();
