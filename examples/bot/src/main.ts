// npm run bot: signs in (or up) as the bot, joins BOT_ROOMS and answers until stopped.
import { createChatClient } from '@chat/client';
import WebSocket from 'ws';
import * as z from 'zod/mini';
import { runBot } from './bot.ts';

const env = z
  .object({
    CHAT_API_URL: z._default(z.url(), 'http://localhost:3001/trpc'),
    CHAT_WS_URL: z._default(z.url(), 'ws://localhost:3002'),
    BOT_USERNAME: z._default(z.string(), 'dicebot'),
    BOT_EMAIL: z._default(z.string(), 'dicebot@example.com'),
    BOT_PASSWORD: z.string().check(z.minLength(8, 'at least 8 characters')),
    /** Rooms to join besides general (every user is in it), comma-separated ids. */
    BOT_ROOMS: z._default(z.string(), ''),
  })
  .safeParse(process.env);
if (!env.success) {
  console.error(`The bot's settings are wrong:\n${env.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  process.exit(2);
}
const { CHAT_API_URL, CHAT_WS_URL, BOT_USERNAME, BOT_EMAIL, BOT_PASSWORD, BOT_ROOMS } = env.data;

// The client's own troubles (a failed reconnect while the server is down) as one line each, no stack.
const oneLine = (...args: unknown[]) => console.error(args.map((a) => (a instanceof Error ? a.message : String(a))).join(': '));
const client = createChatClient({ apiUrl: CHAT_API_URL, wsUrl: CHAT_WS_URL, WebSocket, logger: { error: oneLine, warn: oneLine } });
const codeOf = (err: unknown) => (err as { data?: { code?: string } }).data?.code;
const giveUp = (what: string) => (err: unknown) => {
  console.error(`bot: ${what} failed: ${(err as Error).message}`);
  process.exit(1);
};
const rooms = BOT_ROOMS.split(',').map((r) => r.trim()).filter(Boolean);
try {
  await client.login({ email: BOT_EMAIL, password: BOT_PASSWORD });
} catch (err) {
  if (codeOf(err) !== 'UNAUTHORIZED') giveUp(`logging in at ${CHAT_API_URL}`)(err);
  // The first run: the account does not exist yet.
  await client.signup({ email: BOT_EMAIL, password: BOT_PASSWORD, username: BOT_USERNAME }).catch(giveUp('signing up'));
}
for (const room of rooms) await client.rooms.join(room).catch(giveUp(`joining ${room}`));
runBot(client);
console.log(`@${client.user!.username} answers /roll NdM and /time in general${rooms.map((r) => `, ${r}`).join('')}`);
process.once('SIGINT', () => (client.close(), process.exit(0)));
