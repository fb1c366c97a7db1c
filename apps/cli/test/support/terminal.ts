// The CLI as a person meets it: a child process on a pseudo-terminal (util-linux `script`, so no
// native module), raw mode and all; the test types keys into it and reads what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const cliDir = resolve(import.meta.dirname, '../..');
export const repoRoot = resolve(cliDir, '../..');
/** What `npm run cli` runs (after building the SDK), started from the repository's root as it is. */
const bin = resolve(cliDir, 'bin/chat-cli.js');

export interface Terminal {
  /** Waits until the output (after what earlier waits consumed) shows `expected`; returns the match. */
  waitFor(expected: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Types `text` key by key into the prompt, waits to see it there (`shown`: what a mask shows), then Enter. */
  typeLine(text: string, shown?: string): Promise<void>;
  /** Everything printed so far, without escape codes. */
  output(): string;
  /** The exit code, once it exits. */
  exited: Promise<number | null>;
  kill(): void;
}

function locate(text: string, expected: string | RegExp): { index: number; match: string } | null {
  if (typeof expected === 'string') {
    const index = text.indexOf(expected);
    return index < 0 ? null : { index, match: expected };
  }
  const found = expected.exec(text);
  return found ? { index: found.index, match: found[0] } : null;
}

function quote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

export function cliCommand(args: readonly string[]): string[] {
  return [process.execPath, bin, ...args];
}

/** Starts the CLI on a 120x50 terminal. */
export function startTerminal(args: readonly string[]): Terminal {
  const command = `stty cols 120 rows 50; exec ${cliCommand(args).map(quote).join(' ')}`;
  // -q: no "Script started" lines; -f: flush at once; -e: exit with the child's code.
  const child: ChildProcess = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
    // A terminal app under CI=true still draws (main.tsx sets Ink's `interactive` from the TTY).
    env: { ...process.env, TERM: 'xterm-256color', FORCE_COLOR: '0' },
  });
  let raw = '';
  let consumed = 0;
  let exitCode: number | null | undefined;
  const changed = new Set<() => void>();
  const notify = () => {
    for (const check of [...changed]) check();
  };
  const onData = (chunk: Buffer) => {
    raw += chunk.toString('utf8');
    notify();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      exitCode = code;
      done(code);
      notify();
    }),
  );
  const output = () => stripVTControlCharacters(raw);

  /** Resolves with where `expected` ends in the output after `from`. */
  function find(expected: string | RegExp, from: number, timeoutMs: number): Promise<{ end: number; match: string }> {
    return new Promise((resolvePromise, reject) => {
      const check = () => {
        const text = output().slice(from);
        const found = locate(text, expected);
        if (found) {
          stop();
          resolvePromise({ end: from + found.index + found.match.length, match: found.match });
        } else if (exitCode !== undefined) {
          stop();
          reject(new Error(`the CLI exited (${exitCode}) without showing ${String(expected)}; it showed:\n${text.slice(-3000)}`));
        }
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`the CLI did not show ${String(expected)} within ${timeoutMs} ms; it showed:\n${output().slice(from).slice(-3000)}`));
      }, timeoutMs);
      const stop = () => {
        clearTimeout(timer);
        changed.delete(check);
      };
      changed.add(check);
      check();
    });
  }

  async function waitFor(expected: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const { end, match } = await find(expected, consumed, timeoutMs);
    consumed = end;
    return match;
  }

  return {
    waitFor,
    async typeLine(text, shown = text) {
      // Only a check that the keys arrived: the transcript is read with waitFor.
      const from = output().length;
      for (const key of text) child.stdin!.write(key);
      await find(shown, from, 30_000);
      child.stdin!.write('\r');
    },
    output,
    exited,
    kill: () => void child.kill('SIGKILL'),
  };
}
