// Errors as sentences for the person at the terminal: never a stack trace.

const unreachableCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT']);

interface ErrorShape {
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  data?: { code?: unknown; fieldErrors?: Record<string, string[]> | null };
}

const shapeOf = (err: unknown): ErrorShape => (typeof err === 'object' && err !== null ? (err as ErrorShape) : {});

/** The server's error code (tRPC's `data.code`, or a socket error's `code`), when it answered one. */
export function errorCode(err: unknown): string | null {
  const { data, code } = shapeOf(err);
  if (typeof data?.code === 'string') return data.code;
  return typeof code === 'string' && !unreachableCodes.has(code) ? code : null;
}

/** Whether the request never reached a server (refused, no such host, dropped). */
export function isUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = shapeOf(e).cause, depth++) {
    const { code, message } = shapeOf(e);
    if (typeof code === 'string' && unreachableCodes.has(code)) return true;
    if (e instanceof TypeError && message === 'fetch failed') return true;
  }
  return false;
}

export function unreachableMessage(apiUrl: string): string {
  return `Cannot reach the chat server at ${apiUrl}. Is it running (npm start)? Use --api-url and --ws-url (or CHAT_API_URL, CHAT_WS_URL) for another one.`;
}

/** `what failed: why`, from the server's field errors when it sent them. */
export function describeError(what: string, err: unknown, apiUrl: string): string {
  if (isUnreachable(err)) return unreachableMessage(apiUrl);
  const { message, data } = shapeOf(err);
  const fields = data?.fieldErrors;
  if (fields && Object.keys(fields).length) {
    return `${what}: ${Object.entries(fields)
      .map(([field, messages]) => {
        const text = messages.join('; ');
        // "Password must be at least 8 characters" names its field already.
        return field === '_' || text.toLowerCase().startsWith(field.toLowerCase()) ? text : `${field}: ${text}`;
      })
      .join(', ')}`;
  }
  const firstLine = typeof message === 'string' && message ? message.split('\n')[0] : 'unknown error';
  return `${what}: ${firstLine}`;
}
