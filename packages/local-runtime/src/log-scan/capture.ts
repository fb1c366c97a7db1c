// Vitest setupFile of the log scan: every line the test file prints (Powertools writes its JSON
// lines to process.stdout and process.stderr itself; console goes through Vitest's console) is
// kept, and after the file's tests the lines are scanned for secrets (secrets.ts). A secret fails
// the file, naming its kind and where, never printing it. The count goes to the run's directory,
// for the summary global-setup.ts prints.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { afterAll, expect, inject } from 'vitest';
import { state, take } from './lines.ts';
import { type Finding, findSecrets } from './secrets.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    logScanDir: string;
  }
}

// Once per process (a worker may run several files): a wrapper is marked, and never wrapped again.
const wrapped = Symbol.for('chat.logScan.wrapped');
type Marked = { [wrapped]?: true };

for (const name of ['stdout', 'stderr'] as const) {
  const stream = process[name];
  const write = stream.write;
  if ((write as Marked)[wrapped]) continue;
  stream.write = Object.assign(
    function (this: unknown, chunk: unknown, ...rest: unknown[]) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
      take(name, text);
      // Scanned, not shown: the suites log at DEBUG for the scan; the terminal keeps INFO and up.
      if (text.startsWith('{"level":"DEBUG"')) {
        const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
        if (done) process.nextTick(done);
        return true;
      }
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    },
    { [wrapped]: true as const },
  ) as typeof stream.write;
}
for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
  const original = console[level];
  if ((original as Marked)[wrapped]) continue;
  console[level] = Object.assign(
    (...args: unknown[]) => {
      take('console', `${format(...args)}\n`);
      original.apply(console, args);
    },
    { [wrapped]: true as const },
  );
}

afterAll(() => {
  for (const [source, rest] of state.partial) if (rest.trim() !== '') take(source, '\n');
  const findings: (Finding & { line: number })[] = state.lines.flatMap((line, index) => findSecrets(line).map((f) => ({ ...f, line: index + 1 })));
  const file = expect.getState().testPath ?? 'unknown file';
  appendFileSync(join(inject('logScanDir'), `${process.pid}.jsonl`), `${JSON.stringify({ file, lines: state.lines.length, findings: findings.length })}\n`);
  state.lines = [];
  if (findings.length > 0) {
    const report = findings.slice(0, 10).map((f) => `  line ${f.line}: ${/^[aeiou]/i.test(f.kind) ? 'an' : 'a'} ${f.kind}: ${f.masked}`);
    throw new Error(`log scan: ${findings.length} secret(s) in the log lines of this file:\n${report.join('\n')}`);
  }
});
