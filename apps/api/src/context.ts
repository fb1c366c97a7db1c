import type { Context, Services } from '@chat/contract';

/** The pure part of the context: what tests pass to `createCaller` without any HTTP. */
export function createContextInner(opts: { services: Services; token?: string | null; clientIp?: string | null }): Context {
  return { services: opts.services, token: opts.token ?? null, client: { ip: opts.clientIp ?? null } };
}

/** `Authorization: Bearer <token>` -> the token, or null. */
export function bearerToken(header: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
