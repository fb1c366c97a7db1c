// What keeps secrets out of the log lines of both Lambdas: Powertools' `jsonReplacerFn` (its
// documented extension point, called for every key and value of a log item before it is
// printed, Error objects' message and stack included). A caller that logs an object holding a
// password, a token, a ticket, a bcrypt hash or an email address gets a placeholder printed.

/** Keys whose values are secrets whatever they look like (numbers such as `tokenVersion` stay). */
const secretKey = /pass(word|phrase)?|secret|token|ticket|authorization|cookie|credential|signature|hash|api[-_]?key/i;

/** Secrets recognised by their shape, wherever they sit in a string. */
const secretShapes: [RegExp, string][] = [
  // An authorization header's credentials, whatever their shape.
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, '$1[redacted]'],
  // A JWT: base64url JSON header (`{"` is `eyJ`), payload, signature.
  [/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[jwt]'],
  // bcrypt: $2a$, $2b$, $2x$, $2y$, the cost, then 53 characters of salt and hash.
  [/\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}/g, '[bcrypt hash]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  // `?ticket=…` or `&token=…` in a URL (an access log, an error message quoting one).
  [/([?&](?:ticket|token|password)=)[^&\s"']+/gi, '$1[redacted]'],
  // A WebSocket ticket: 256 random bits in base64url, 43 characters, standing alone.
  [/(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g, '[ticket]'],
];

export const REDACTED = '[redacted]';

/** A string with every secret shape in it replaced by its placeholder. */
export function redactText(text: string): string {
  let out = text;
  for (const [shape, placeholder] of secretShapes) out = out.replace(shape, placeholder);
  return out;
}

/**
 * A JSON replacer (`new Logger({ jsonReplacerFn: redactSecrets })`): values under a secret key
 * become `[redacted]` (unless a number, a boolean or null), strings lose their secret shapes.
 */
export function redactSecrets(key: string, value: unknown): unknown {
  if (key !== '' && secretKey.test(key) && value !== null && typeof value !== 'number' && typeof value !== 'boolean' && value !== undefined) {
    return REDACTED;
  }
  return typeof value === 'string' ? redactText(value) : value;
}
