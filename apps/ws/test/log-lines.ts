// The JSON lines Powertools prints while a test runs (it writes to process.stdout and
// process.stderr itself), parsed: what a test asserts about the logs.
import { vi } from 'vitest';

export type LogLine = Record<string, unknown> & { level: string; message: string; service: string };

export function recordLogLines() {
  const spies = (['stdout', 'stderr'] as const).map((name) => vi.spyOn(process[name], 'write'));
  return {
    lines(): LogLine[] {
      return spies
        .flatMap((spy) => spy.mock.calls.map(([chunk]) => String(chunk)))
        .flatMap((text) => text.split('\n'))
        .filter((line) => line.startsWith('{"level"'))
        .map((line) => JSON.parse(line) as LogLine);
    },
    restore() {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
