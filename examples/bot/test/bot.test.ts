// The bot and a user, both on the SDK, on the whole local stack.
import { randomUUID } from 'node:crypto';
import { createChatClient, type ChatClient, type Message } from '@chat/client';
import { authThrottlePolicies, startLocalStack, type LocalStack } from '@chat/local';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { runBot } from '../src/bot.ts';

let stack: LocalStack;
let bot: ChatClient;
let user: ChatClient;
let stopBot: () => void;
const botLog: string[] = [];

async function signedUp(prefix: string): Promise<ChatClient> {
  const client = createChatClient({ apiUrl: stack.urls.api, wsUrl: stack.urls.ws, WebSocket });
  const tag = randomUUID().slice(0, 8);
  await client.signup({ email: `${prefix}-${tag}@example.com`, username: `${prefix}_${tag}`, password: 'correct horse battery' });
  await client.connect();
  return client;
}

beforeAll(async () => {
  stack = await startLocalStack({
    dataDir: null,
    ports: { dynamodb: 0, api: 0, ws: 0, web: 0 },
    webDir: null,
    throttlePolicies: { ...authThrottlePolicies, signupAddress: { max: 100, windowMs: 3_600_000 } },
  });
  bot = await signedUp('bot');
  user = await signedUp('ann');
  stopBot = runBot(bot, { log: (line) => botLog.push(line) });
});
afterAll(async () => {
  stopBot?.();
  bot?.close();
  user?.close();
  await stack?.stop();
});

/** The next message (or state of one) in `roomId` that satisfies `match`, as `client` sees it. */
function next(client: ChatClient, roomId: string, match: (m: Message) => boolean): Promise<Message> {
  return new Promise((resolve) => {
    const off = client.on('message', ({ message }) => {
      if (message.roomId !== roomId || !match(message)) return;
      off();
      resolve(message);
    });
  });
}
const fromBot = (m: Message) => m.userId === bot.user!.id;

test('/roll 2d6: the bot answers with both rolls, each 1 to 6, and their total', async () => {
  for (let i = 0; i < 3; i++) {
    const answer = next(user, 'general', fromBot);
    await user.send('general', '/roll 2d6');
    const { text } = await answer;
    const [, a, b, total] = /^🎲 2d6: (\d+) \+ (\d+) = (\d+)$/u.exec(text) ?? [];
    expect(text).toMatch(/^🎲 2d6: \d+ \+ \d+ = \d+$/u);
    for (const roll of [Number(a), Number(b)]) {
      expect(roll).toBeGreaterThanOrEqual(1);
      expect(roll).toBeLessThanOrEqual(6);
    }
    expect(Number(total)).toBe(Number(a) + Number(b));
  }
});

test('/roll with too many dice gets the reason, not a roll', async () => {
  const answer = next(user, 'general', fromBot);
  await user.send('general', '/roll 500d6');
  expect((await answer).text).toBe('Roll 1 to 20 dice at a time');
});

test('/time: the bot answers the current UTC time', async () => {
  const answer = next(user, 'general', fromBot);
  const before = Date.now();
  await user.send('general', '/time');
  const { text } = await answer;
  const [, stamp] = /^🕒 (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC$/u.exec(text) ?? [];
  expect(text).toMatch(/^🕒 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/u);
  const at = Date.parse(`${stamp!.replace(' ', 'T')}Z`);
  expect(at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  expect(at).toBeLessThanOrEqual(Date.now());
});

test('a message that mentions the bot gets its 🤖 reaction; one that does not, none', async () => {
  const plain = await user.send('general', 'no bots were named here');
  const reacted = next(user, 'general', (m) => m.reactions.some((r) => r.emoji === '🤖'));
  const mention = await user.send('general', `hello @${bot.user!.username}, are you there?`);
  const state = await reacted;
  expect(state.id).toBe(mention.id);
  expect(state.reactions).toEqual([{ emoji: '🤖', userIds: [bot.user!.id] }]);
  // Mentions come after the plain message in the room, so it would have been reacted to by now.
  const [latestPlain] = await (async () => {
    for await (const m of user.history('general', { pageSize: 50 })) if (m.id === plain.id) return [m];
    return [];
  })();
  expect(latestPlain!.reactions).toEqual([]);
});

test('the bot answers in another room once it is a member', async () => {
  const room = await user.rooms.create({ name: `dice-${Date.now()}` });
  await bot.rooms.join(room.id);
  const answer = next(user, room.id, fromBot);
  await user.send(room.id, '/roll d20');
  expect((await answer).text).toMatch(/^🎲 1d20: ([1-9]|1\d|20)$/u);
  expect(botLog).toEqual([]);
});
