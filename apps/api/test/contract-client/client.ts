// What a client outside this repo writes: it depends on @chat/contract and @trpc/client only.
import type { AppRouter } from '@chat/contract';
import { createTRPCClient, httpLink } from '@trpc/client';

/** A typed client; `token()` is read on every request, so a login takes effect at once. */
export function createChatClient(url: string, token: () => string | null) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url, headers: () => { const t = token(); return t ? { authorization: `Bearer ${t}` } : {}; } })],
  });
}

export async function signupAndMe(url: string, user: { email: string; password: string; username: string }) {
  let token: string | null = null;
  const client = createChatClient(url, () => token);
  const session = await client.auth.signup.mutate(user);
  token = session.token;
  const me = await client.auth.me.query();
  return { token: session.token, id: session.user.id, username: me.username, email: me.email };
}
