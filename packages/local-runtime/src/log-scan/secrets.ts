// What the log scan looks for in every line a test run printed. Its own patterns, not the
// redaction's (@chat/env/redact): a second opinion, so that a gap in one is not in both.

/** The passwords and JWT keys the suites use (a password cannot be told by its shape). */
export const testSecrets = [
  'correct horse',
  'battery staple',
  'staple horse battery',
  'whatever1',
  'wrong wrong',
  'wrong password',
  'nope nope',
  'guess guess',
  'a long enough password',
  'bench password, long enough',
  'test-secret-that-is-at-least-32-bytes-long',
  'ws-test-secret-that-is-at-least-32-bytes',
  'auth-service-test-secret-of-32-bytes!',
  'another-secret-that-is-at-least-32-bytes',
  'bench-secret-bench-secret-bench-secret!',
];

export type SecretKind = 'password or key' | 'JWT' | 'bcrypt hash' | 'email address' | 'ticket';

const shapes: [SecretKind, RegExp][] = [
  ['JWT', /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}/g],
  ['bcrypt hash', /\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{50,}/g],
  ['email address', /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g],
  // auth.wsTicket's: 32 random bytes in base64url, 43 characters, with both cases and a digit.
  ['ticket', /(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]{0,42}[A-Z])(?=[A-Za-z0-9_-]{0,42}[a-z])(?=[A-Za-z0-9_-]{0,42}\d)[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g],
];

export interface Finding {
  kind: SecretKind;
  /** The line with the secret itself replaced by its kind: a report must not print it again. */
  masked: string;
}

/** The secrets in one line, each reported without its value. */
export function findSecrets(line: string, secrets: readonly string[] = testSecrets): Finding[] {
  const found: { kind: SecretKind; start: number; end: number }[] = [];
  const lower = line.toLowerCase();
  for (const secret of secrets) {
    for (let at = lower.indexOf(secret.toLowerCase()); at !== -1; at = lower.indexOf(secret.toLowerCase(), at + 1)) {
      found.push({ kind: 'password or key', start: at, end: at + secret.length });
    }
  }
  for (const [kind, shape] of shapes) {
    for (const match of line.matchAll(shape)) found.push({ kind, start: match.index, end: match.index + match[0].length });
  }
  // One finding per secret: a JWT's signature also looks like a ticket, an email may hold a password.
  const kept = found
    .sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
    .filter((f, i, all) => !all.slice(0, i).some((k) => f.start < k.end && k.start < f.end));
  kept.sort((a, b) => a.start - b.start);
  // The whole line masked, so that an excerpt never shows a neighbouring secret either.
  let masked = '';
  let from = 0;
  const at: number[] = [];
  for (const f of kept) {
    masked += line.slice(from, f.start);
    at.push(masked.length);
    masked += `<${f.kind}>`;
    from = f.end;
  }
  masked += line.slice(from);
  return kept.map((f, i) => ({ kind: f.kind, masked: excerpt(masked, at[i]!, at[i]! + f.kind.length + 2) }));
}

function excerpt(line: string, start: number, end: number): string {
  const from = Math.max(0, start - 60);
  return `${from > 0 ? '…' : ''}${line.slice(from, end + 60)}${end + 60 < line.length ? '…' : ''}`;
}
