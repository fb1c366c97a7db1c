// What a client outside this repo writes: it depends on @chat/contract and @trpc/client only.
import type { AppRouter } from '@chat/contract';
import { createTRPCClient, httpLink } from '@trpc/client';

export async function signupAndMe(url: string, user: { email: string; password: string; username: string }) {
  let token = '';
  const client = createTRPCClient<AppRouter>({
    links: [httpLink({ url, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
  });
  const session = await client.auth.signup.mutate(user);
  token = session.token;
  const me = await client.auth.me.query();
  // Typed end to end: these property accesses would not compile against another router.
  return { token: session.token, id: session.user.id, username: me.username, email: me.email };
}
