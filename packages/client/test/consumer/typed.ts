// An outside program in TypeScript: it must pass a strict `tsc --noEmit` against the packed
// @chat/client's bundled types, with only @trpc/client (and its peer @trpc/server) beside it.
import { ChatRequestError, createChatClient, type ChatClient, type Message, type RoomSummary } from '@chat/client';
import { TRPCClientError } from '@trpc/client';
import WebSocket from 'ws';

const client: ChatClient = createChatClient({ apiUrl: 'http://localhost:3001', wsUrl: 'ws://localhost:3002', WebSocket });

export async function tour(): Promise<string[]> {
  const session = await client.signup({ email: 'ada@example.com', password: 'correct horse battery', username: 'ada' });
  const id: string = session.user.id;
  const room = await client.rooms.create({ name: 'general', kind: 'public' });
  const kind: 'public' | 'private' | 'dm' = room.kind;
  const dm = await client.rooms.openDm([id]);
  const rooms: RoomSummary[] = await client.rooms.list();
  const sent: Message = await client.send(room.id, 'hi', { replyTo: dm.id });
  await client.edit(room.id, sent.id, 'hi!');
  await client.react(room.id, sent.id, '👍', false);
  await client.rooms.markRead(room.id, sent.seq);
  const ticket: { ticket: string; expiresAt: number } = await client.wsTicket();
  // Everything the methods do not cover is on the typed tRPC client.
  const page = await client.api.messages.list.query({ roomId: room.id, limit: 10 });
  const off = client.on('message', (event) => void event.message.text.toUpperCase());
  client.on('status', (status) => void (status satisfies 'connecting' | 'live' | 'reconnecting' | 'offline' | 'closed'));
  off();
  const texts: string[] = [kind, ticket.ticket, String(rooms.length), String(page.nextCursor)];
  for await (const message of client.live(room.id, { signal: AbortSignal.timeout(1000) })) texts.push(message.text);
  for await (const message of client.history(room.id, { pageSize: 20 })) texts.push(message.text);
  try {
    await client.login({ email: 'ada@example.com', password: 'wrong' });
  } catch (err) {
    if (err instanceof TRPCClientError) texts.push(String(err.data?.code));
    if (err instanceof ChatRequestError) texts.push(err.code);
  }
  // @ts-expect-error -- the contract's input types reach the program: no such room kind
  await client.rooms.create({ name: 'x', kind: 'secret' });
  return texts;
}
