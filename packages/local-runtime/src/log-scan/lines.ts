// The lines a test file printed, kept for the log scan (capture.ts). On globalThis, so that
// whoever imports this module (the setupFile, a test recording a child's output) shares them.

export const state = ((globalThis as { [key: symbol]: unknown })[Symbol.for('chat.logScan')] ??= {
  lines: [] as string[],
  partial: new Map<string, string>(),
}) as { lines: string[]; partial: Map<string, string> };

/** Adds text from one source; a line split across writes is put together first. */
export function take(source: string, text: string): void {
  const parts = ((state.partial.get(source) ?? '') + text).split('\n');
  state.partial.set(source, parts.pop()!);
  for (const line of parts) if (line.trim() !== '') state.lines.push(line);
}

/** Adds lines printed elsewhere (a child process the test ran) to the ones scanned. */
export function recordLogLines(text: string): void {
  take('recorded', `${text}\n`);
}
