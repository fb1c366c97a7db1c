// Reads a JWT's expiry on the client. Not a verification (the server verifies every request):
// only so the app knows when to send the user back to the login screen.

/** When the token expires (epoch ms), or null when it is not a JWT with a numeric `exp`. */
export function tokenExpiresAt(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload || token.split('.').length !== 3) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const json: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))));
    const exp = (json as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** True when the token has no readable expiry or expires within `skewMs` of `now`. */
export function isTokenExpired(token: string, now: number, skewMs = 5_000): boolean {
  const expiresAt = tokenExpiresAt(token);
  return expiresAt === null || expiresAt - skewMs <= now;
}
