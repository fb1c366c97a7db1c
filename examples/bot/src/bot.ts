// The bot on the SDK: every new message in the rooms it is a member of arrives as a `message`
// event; it answers /roll and /time there, and reacts to messages that mention it.
import type { ChatClient } from '@chat/client';
import { replyFor } from './replies.ts';

export interface BotOptions {
  /** The reaction to a mention. */
  reaction?: string;
  /** Where failures go (a reply refused, a reaction in an archived room). */
  log?: (line: string) => void;
}

/** Messages created this long before the bot started are old news (a reaction to one re-sends it). */
const startSlackMs = 60_000;
const rememberedIds = 1_000;

/** Starts answering; the client must be signed in. Returns the function that stops it. */
export function runBot(client: ChatClient, { reaction = '🤖', log = console.error }: BotOptions = {}): () => void {
  const me = client.user;
  if (!me) throw new Error('runBot: sign the client in first');
  const startedAt = Date.now() - startSlackMs;
  // Every later state of a message (edited, reacted to) comes as a `message` too: answer each once.
  const seen = new Set<string>();
  const fail = (what: string) => (err: unknown) => log(`bot: ${what} failed: ${(err as Error).message}`);

  const off = client.on('message', ({ message }) => {
    if (message.userId === me.id || message.deletedAt !== null || message.createdAt < startedAt || seen.has(message.id)) return;
    seen.add(message.id);
    if (seen.size > rememberedIds) seen.delete(seen.values().next().value!);

    const reply = replyFor(message.text);
    if (reply) client.send(message.roomId, reply).catch(fail(`answering in ${message.roomId}`));
    if (message.mentions.includes(me.id)) {
      client.react(message.roomId, message.id, reaction).catch(fail(`reacting in ${message.roomId}`));
    }
  });
  void client.connect().catch(fail('connecting'));
  return off;
}
