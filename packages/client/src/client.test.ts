// createChatClient against the whole local stack (DynamoDB Local, the api, the ws handler
// behind the API Gateway emulator): real HTTP, real sockets.
import type { LocalStack } from '@chat/local';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { newAccount, startTestStack } from '../test/stack.ts';
import { ChatRequestError, createChatClient, type AppRouter, type ChatClient, type ChatClientEvents } from './index.ts';

let stack: LocalStack;
const clients: ChatClient[] = [];

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  for (const client of clients) client.close();
  await stack?.stop();
});

function newClient(fetch?: typeof globalThis.fetch): ChatClient {
  const client = createChatClient({ apiUrl: stack.urls.api, wsUrl: stack.urls.ws, WebSocket, ...(fetch && { fetch }) });
  clients.push(client);
  return client;
}

async function signedUp(name: string): Promise<ChatClient> {
  const client = newClient();
  await client.signup(newAccount(name));
  return client;
}

/** The next event of this type that matches. */
function nextEvent<T extends keyof ChatClientEvents>(
  client: ChatClient,
  type: T,
  matches: (event: ChatClientEvents[T]) => boolean = () => true,
): Promise<ChatClientEvents[T]> {
  return new Promise((resolve) => {
    const off = client.on(type, (event) => {
      if (!matches(event)) return;
      off();
      resolve(event);
    });
  });
}

/** Iterates the room live from its `joined` on: what is sent after this resolves arrives on the iterator. */
async function liveFromNow(client: ChatClient, roomId: string, signal?: AbortSignal) {
  const joined = nextEvent(client, 'joined', (event) => event.roomId === roomId);
  const messages = client.live(roomId, signal ? { signal } : {});
  await joined;
  return messages;
}

test('signup, me, a room created and joined; a send arrives live at the other member, then its edit, reaction and delete', async () => {
  const alice = newClient();
  const session = await alice.signup(newAccount('alice'));
  expect(alice.token).toBe(session.token);
  expect(alice.user).toEqual(session.user);
  expect(await alice.me()).toEqual(session.user);
  const bob = await signedUp('bob');

  const room = await alice.rooms.create({ name: `general ${Date.now()}` });
  expect((await bob.rooms.join(room.id)).id).toBe(room.id);
  expect((await alice.rooms.members(room.id)).map((m) => m.username).sort()).toEqual(
    [alice.user!.username, bob.user!.username].sort(),
  );
  const bobSees = await liveFromNow(bob, room.id);
  expect(bob.status).toBe('live');

  const sent = await alice.send(room.id, 'hello @' + bob.user!.username);
  expect(sent).toMatchObject({ roomId: room.id, userId: alice.user!.id, text: `hello @${bob.user!.username}` });
  expect((await bobSees.next()).value).toEqual(sent);
  expect(sent.mentions).toEqual([bob.user!.id]);

  const edited = await alice.edit(room.id, sent.id, 'hello, edited');
  const bobEdited = (await bobSees.next()).value!;
  expect(bobEdited).toEqual(edited);
  expect(bobEdited).toMatchObject({ id: sent.id, text: 'hello, edited' });
  expect(bobEdited.editedAt).not.toBeNull();
  expect(bobEdited.seq).toBeGreaterThan(sent.seq);

  const reacted = await bob.react(room.id, sent.id, '👍');
  expect((await bobSees.next()).value).toEqual(reacted);
  expect(reacted.reactions).toEqual([{ emoji: '👍', userIds: [bob.user!.id] }]);
  const unreacted = await bob.react(room.id, sent.id, '👍', false);
  expect(unreacted.reactions).toEqual([]);
  expect((await bobSees.next()).value).toEqual(unreacted);

  const deleted = await alice.delete(room.id, sent.id);
  expect(deleted.deletedAt).not.toBeNull();
  expect((await bobSees.next()).value).toEqual(deleted);
  await bobSees.return!();
});

test('a reply is sent in its thread; the thread’s history holds it', async () => {
  const alice = await signedUp('carol');
  const room = await alice.rooms.create({ name: `threads ${Date.now()}` });
  const first = await alice.send(room.id, 'the question');
  const reply = await alice.send(room.id, 'the answer', { replyTo: first.id });
  expect(reply.replyTo).toBe(first.id);
  const thread = [];
  for await (const message of alice.history(room.id, { replyTo: first.id })) thread.push(message.id);
  expect(thread).toEqual([reply.id]);
});

test('a DM: the other side hears of the room, reads the message in history, and markRead moves the read position everywhere', async () => {
  const alice = await signedUp('dave');
  const bob = await signedUp('erin');
  const bobHears = nextEvent(bob, 'room', (event) => event.summary.room.kind === 'dm');
  await bob.connect();
  const dm = await alice.rooms.openDm([bob.user!.id]);
  expect(dm.kind).toBe('dm');
  expect((await bobHears).summary.room.id).toBe(dm.id);
  expect((await bob.rooms.openDm([alice.user!.id])).id).toBe(dm.id);

  const sent = await bob.send(dm.id, 'psst');
  const seen = [];
  for await (const message of alice.history(dm.id)) seen.push(message);
  expect(seen).toEqual([sent]);
  expect((await alice.rooms.list()).find((s) => s.room.id === dm.id)).toMatchObject({ unread: 1, readSeq: 0 });

  await alice.connect();
  const readElsewhere = nextEvent(alice, 'readUpdated', (event) => event.roomId === dm.id);
  expect(await alice.rooms.markRead(dm.id, sent.seq)).toEqual({ roomId: dm.id, readSeq: sent.seq });
  expect(await readElsewhere).toEqual({ type: 'readUpdated', roomId: dm.id, readSeq: sent.seq });
  expect((await alice.rooms.list()).find((s) => s.room.id === dm.id)).toMatchObject({ unread: 0, readSeq: sent.seq });
});

test('history pages messages.list backwards until the room’s start', async () => {
  const listCalls: string[] = [];
  const counting: typeof globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (new URL(url).pathname.endsWith('/messages.list')) listCalls.push(url);
    return globalThis.fetch(input, init);
  };
  const alice = newClient(counting);
  await alice.signup(newAccount('frank'));
  const room = await alice.rooms.create({ name: `history ${Date.now()}` });
  const texts = Array.from({ length: 7 }, (_, i) => `message ${i + 1}`);
  for (const text of texts) await alice.send(room.id, text);

  const seen = [];
  for await (const message of alice.history(room.id, { pageSize: 3 })) seen.push(message.text);
  expect(seen).toEqual([...texts].reverse());
  expect(listCalls).toHaveLength(3); // 3 + 3 + 1

  // Leaving early stops the paging.
  listCalls.length = 0;
  for await (const message of alice.history(room.id, { pageSize: 2 })) {
    expect(message.text).toBe('message 7');
    break;
  }
  expect(listCalls).toHaveLength(1);
});

test('live ends on abort, when the user leaves the room, and on close', async () => {
  const alice = await signedUp('gina');
  const room = await alice.rooms.create({ name: `endings ${Date.now()}` });

  const controller = new AbortController();
  const aborted = await liveFromNow(alice, room.id, controller.signal);
  const waiting = aborted.next();
  controller.abort();
  expect(await waiting).toEqual({ value: undefined, done: true });

  const left = await liveFromNow(alice, room.id);
  const sent = await alice.send(room.id, 'last words');
  expect((await left.next()).value).toEqual(sent);
  await alice.rooms.leave(room.id);
  expect(await left.next()).toEqual({ value: undefined, done: true });

  const other = await alice.rooms.create({ name: `closing ${Date.now()}` });
  const closed = await liveFromNow(alice, other.id);
  const statuses: string[] = [];
  alice.on('status', (status) => statuses.push(status));
  alice.close();
  expect(await closed.next()).toEqual({ value: undefined, done: true });
  expect(alice.status).toBe('closed');
  expect(statuses).toEqual(['closed']);
});

test('a slow reader loses nothing: live buffers in order', async () => {
  const alice = await signedUp('hank');
  const bob = await signedUp('iris');
  const room = await alice.rooms.create({ name: `burst ${Date.now()}` });
  await bob.rooms.join(room.id);
  const bobSees = await liveFromNow(bob, room.id);
  const sent = [];
  for (let i = 0; i < 10; i++) sent.push(await alice.send(room.id, `burst ${i}`));
  // Bob reads only now, after all ten were acked.
  const read = [];
  for (let i = 0; i < 10; i++) read.push((await bobSees.next()).value!.text);
  expect(read).toEqual(sent.map((m) => m.text));
});

test('clear errors: a wrong password, a private room one is not in, and acting before signing in', async () => {
  const alice = newClient();
  const account = newAccount('jack');
  await alice.signup(account);
  const wrong = newClient();
  const refused = await wrong.login({ email: account.email, password: 'not the password' }).catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(TRPCClientError);
  expect((refused as TRPCClientError<AppRouter>).data?.code).toBe('UNAUTHORIZED');
  expect(wrong.token).toBeNull();

  const again = newClient();
  await again.login({ email: account.email, password: account.password });
  expect(again.user?.id).toBe(alice.user!.id);

  const secret = await alice.rooms.create({ name: `secret ${Date.now()}`, kind: 'private' });
  const outsider = await signedUp('kate');
  const denied = await outsider.live(secret.id).next().catch((err: unknown) => err);
  expect(denied).toBeInstanceOf(ChatRequestError);
  expect((denied as ChatRequestError).code).toBe('NOT_FOUND'); // a private room does not tell outsiders it exists
  const sendDenied = await outsider.send(secret.id, 'let me in').catch((err: unknown) => err);
  expect(sendDenied).toBeInstanceOf(ChatRequestError);
  expect((sendDenied as ChatRequestError).code).toBe('NOT_FOUND');

  const anonymous = newClient();
  await expect(anonymous.send(secret.id, 'hi')).rejects.toThrow(/not signed in/);
  await expect(anonymous.connect()).rejects.toThrow(/not signed in/);
  expect(() => anonymous.live(secret.id)).toThrow(/not signed in/);

  // Node 20 has no global WebSocket: without options.WebSocket the client says what to pass.
  const noSocket = createChatClient({ apiUrl: stack.urls.api, wsUrl: stack.urls.ws, token: alice.token!, WebSocket: undefined });
  const saved = globalThis.WebSocket;
  Reflect.deleteProperty(globalThis, 'WebSocket');
  try {
    await expect(noSocket.connect()).rejects.toThrow(/pass options\.WebSocket/);
  } finally {
    globalThis.WebSocket = saved;
  }
});

test('a kept token starts a client signed in; logout closes the connection and forgets the session', async () => {
  const alice = await signedUp('liam');
  const resumed = createChatClient({ apiUrl: stack.urls.api, wsUrl: stack.urls.ws, WebSocket, token: alice.token! });
  clients.push(resumed);
  expect(resumed.user).toBeNull();
  expect(await resumed.me()).toEqual(alice.user);
  await resumed.connect();
  expect(resumed.status).toBe('live');
  const { ticket } = await resumed.wsTicket();
  expect(ticket).toEqual(expect.any(String));

  resumed.logout();
  expect(resumed.status).toBe('closed');
  expect(resumed.socket).toBeNull();
  expect([resumed.token, resumed.user]).toEqual([null, null]);
  await expect(resumed.me()).rejects.toThrow(/not signed in/);
});
