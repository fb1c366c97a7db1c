// `npm start` prints the Lambdas' Powertools JSON lines as short human lines: time, level,
// service, message, then the line's own keys (a request's path, an invocation's route key, an
// error's name and message), the request id shortened last. LOG_FORMAT=json keeps the JSON.

/** Powertools' own keys, and the Lambda context's: the same on every line, left out. */
const contextKeys = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'sampling_rate',
  'xray_trace_id',
  'error',
]);

export interface ReadableOptions {
  /** Connection ids only when asked for (LOG_LEVEL=DEBUG), as the emulator's own lines. */
  connectionIds?: boolean;
}

type FormattedError = { name?: unknown; message?: unknown; location?: unknown };

function value(v: unknown): string {
  const text = typeof v === 'string' ? (/[\s"]/.test(v) || v === '' ? JSON.stringify(v) : v) : JSON.stringify(v);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function errorText(error: unknown): string {
  if (typeof error !== 'object' || error === null) return value(error);
  const { name, message, location } = error as FormattedError;
  return `${String(name ?? 'Error')}: ${String(message ?? '')}${location ? ` (${String(location)})` : ''}`;
}

/** The human form of one Powertools JSON line; any other line as it is. */
export function readableLine(line: string, options: ReadableOptions = {}): string {
  if (!line.startsWith('{"level":')) return line;
  let item: Record<string, unknown>;
  try {
    item = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof item.timestamp === 'string' ? item.timestamp.slice(11, 23) : '';
  const parts = [time, String(item.level).padEnd(5), String(item.service ?? ''), String(item.message ?? '')];
  for (const [key, v] of Object.entries(item)) {
    if (contextKeys.has(key) || v === undefined || (key === 'connectionId' && !options.connectionIds)) continue;
    parts.push(`${key}=${value(v)}`);
  }
  if (item.error !== undefined) parts.push(`error=${errorText(item.error)}`);
  if (typeof item.function_request_id === 'string') parts.push(`req=${item.function_request_id.slice(0, 8)}`);
  return parts.filter(Boolean).join('  ');
}

/**
 * From now on, the JSON lines this process writes to stdout and stderr (Powertools writes its
 * own, not through `console`) come out readable. A line split across writes is put together first.
 */
export function printLogsReadably(options: ReadableOptions = {}): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: string) => boolean;
    let partial = '';
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text = partial + (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      const lines = text.split('\n');
      partial = lines.pop()!;
      const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      if (done) process.nextTick(done);
      return lines.length === 0 ? true : write(lines.map((line) => `${readableLine(line, options)}\n`).join(''));
    }) as typeof stream.write;
  }
}
