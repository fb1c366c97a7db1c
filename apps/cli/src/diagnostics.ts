import type { ChatSocketLogger } from '@chat/client';

// What the SDK reports through its `logger` (a failed reconnect, each time), as one line of the
// transcript: the messages without their stack traces.

export function oneLine(args: readonly unknown[]): string {
  return args
    .map((arg) => {
      if (arg instanceof Error) {
        // The causes' messages too, each once (a wrapped error often repeats its cause's).
        const messages: string[] = [];
        for (let e: unknown = arg; e instanceof Error && messages.length < 5; e = e.cause) {
          if (messages.at(-1) !== e.message) messages.push(e.message);
        }
        const [message, ...causes] = messages;
        return causes.length ? `${message} (${causes.join(': ')})` : message;
      }
      return typeof arg === 'string' ? arg : JSON.stringify(arg);
    })
    .join(' ')
    .replace(/\s*\n\s*/g, ' ');
}

/** A logger for the SDK that prints each report as one line, dropping a line equal to the one before. */
export function transcriptLogger(print: (line: string) => void): ChatSocketLogger {
  let last = '';
  const report = (...args: unknown[]) => {
    const line = oneLine(args);
    if (line === last) return;
    last = line;
    print(line);
  };
  return { error: report, warn: report };
}
