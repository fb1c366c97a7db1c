// Lines from a pipe: typed in order (each once the one before is done), and the end of the input
// quits once everything before it is done.
import type { Interface } from 'node:readline';
import type { ChatSession } from './session.ts';

export function feedLines(lines: Interface, session: ChatSession): void {
  lines.on('line', (line) => session.submit(line));
  lines.on('close', () => session.endOfInput());
}
