// The CLI on a pseudo-terminal against the whole local stack; the other side of each
// conversation is a user of the SDK.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { ChatClient } from '@chat/client';
import { runBot } from '@chat/example-bot';
import type { LocalStack } from '@chat/local';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { newAccount, sdkUser, startStack, type Account } from './support/stack.ts';
import { cliCommand, repoRoot, startTerminal, type Terminal } from './support/terminal.ts';

let stack: LocalStack;
const clients: ChatClient[] = [];
const terminals: Terminal[] = [];

beforeAll(async () => {
  stack = await startStack();
});
afterEach(() => {
  for (const t of terminals.splice(0)) t.kill();
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await stack?.stop();
});

const open = () => {
  const terminal = startTerminal(['--api-url', stack.urls.api, '--ws-url', stack.urls.ws]);
  terminals.push(terminal);
  return terminal;
};
const other = async (prefix: string) => {
  const account = newAccount(prefix);
  const client = await sdkUser(stack, account);
  clients.push(client);
  return { account, client };
};

/** The next message `client` receives that satisfies `match`. */
function received(client: ChatClient, match: (text: string) => boolean): Promise<{ roomId: string; text: string; id: string }> {
  return new Promise((resolve) => {
    const off = client.on('message', ({ message }) => {
      if (!match(message.text)) return;
      off();
      resolve(message);
    });
  });
}

/** The texts of a room's latest messages, newest first, as the SDK reads its history. */
async function latestTexts(client: ChatClient, roomId: string): Promise<string[]> {
  const texts: string[] = [];
  for await (const message of client.history(roomId, { pageSize: 20 })) {
    texts.push(message.text);
    if (texts.length === 20) break;
  }
  return texts;
}

/** A state of a message that satisfies `match` (an edit, a reaction). */
function changed(client: ChatClient, match: (m: { text: string; editedAt: number | null; reactions: { emoji: string }[] }) => boolean) {
  return new Promise<void>((resolve) => {
    const off = client.on('message', ({ message }) => {
      if (!match(message)) return;
      off();
      resolve();
    });
  });
}

async function logIn(terminal: Terminal, account: Account): Promise<void> {
  await terminal.waitFor('Log in or sign up? [l/s]');
  await terminal.typeLine('l');
  await terminal.waitFor('Email:');
  await terminal.typeLine(account.email);
  await terminal.waitFor('Password:');
  await terminal.typeLine(account.password, '*'.repeat(account.password.length));
}

test('a wrong login gets a clear error; sign-up shows the rooms; lines go both ways live; /quit exits 0', async () => {
  const bob = await other('bob');
  const terminal = open();
  const ann = newAccount('ann');

  await logIn(terminal, ann); // not signed up yet
  await terminal.waitFor('Wrong email or password.');
  expect(terminal.output()).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
  await terminal.waitFor('Log in or sign up? [l/s]');

  await terminal.typeLine('s');
  await terminal.waitFor('Email:');
  await terminal.typeLine(ann.email);
  await terminal.waitFor('Username:');
  await terminal.typeLine(ann.username);
  await terminal.waitFor('Password:');
  await terminal.typeLine(ann.password, '*'.repeat(ann.password.length));
  await terminal.waitFor(`Signed in as ${ann.username}`);
  await terminal.waitFor('Your rooms:');
  await terminal.waitFor('1. #general');
  expect(terminal.output()).not.toContain(ann.password); // masked as it was typed

  await bob.client.send('general', 'said before ann came');
  await terminal.typeLine('1');
  await terminal.waitFor('── #general ──');
  // The room's latest history first, numbered.
  await terminal.waitFor(new RegExp(`\\[\\d+\\] \\d\\d:\\d\\d ${bob.account.username}: said before ann came`));
  await terminal.waitFor('● live');

  const fromCli = received(bob.client, (text) => text === 'hello from the terminal');
  await terminal.typeLine('hello from the terminal');
  expect(await fromCli).toMatchObject({ roomId: 'general', text: 'hello from the terminal' });
  await terminal.waitFor(new RegExp(`\\[\\d+\\] \\d\\d:\\d\\d ${ann.username}: hello from the terminal`));

  await bob.client.send('general', 'hello from the SDK');
  await terminal.waitFor(new RegExp(`\\[\\d+\\] \\d\\d:\\d\\d ${bob.account.username}: hello from the SDK`));

  await terminal.typeLine('/quit');
  expect(await terminal.exited).toBe(0);
});

test('/join, /rooms, /dm, /edit, /react in a room with another user', async () => {
  const bob = await other('bob');
  const ann = newAccount('ann');
  const annSdk = await sdkUser(stack, ann);
  const annId = annSdk.user!.id;
  annSdk.close();
  const terminal = open();
  await logIn(terminal, ann);
  await terminal.waitFor('1. #general');
  await terminal.typeLine(''); // Enter: general
  await terminal.waitFor('── #general ──');

  // /join a room nobody made yet: it is created; bob joins it and talks there.
  const room = `design-${Date.now()}`;
  await terminal.typeLine(`/join ${room}`);
  await terminal.waitFor(`Created #${room}`);
  await terminal.waitFor(`── #${room} ──`);
  await bob.client.rooms.join(room);
  await bob.client.send(room, 'bob was here');
  await terminal.waitFor(`[1] `);
  await terminal.waitFor(`${bob.account.username}: bob was here`);

  // News from a room not open here: one line naming the room.
  await bob.client.send('general', 'meanwhile in general');
  await terminal.waitFor(`* #general ${bob.account.username}: meanwhile in general`);

  await terminal.typeLine('/rooms');
  // general has bob's line there, unread (ann was in the other room).
  await terminal.waitFor(/Your rooms:\s+1\. #general {2}1 unread\s+2\. #design-\d+/);

  // /react on the last message (bob's), /react [n], and /edit of ann's own last one.
  const thumbs = changed(bob.client, (m) => m.text === 'bob was here' && m.reactions.some((r) => r.emoji === '👍'));
  await terminal.typeLine('/react 👍');
  await thumbs;
  await terminal.waitFor('[1] reactions: 👍 1');

  const sent = received(bob.client, (text) => text === 'first draft');
  await terminal.typeLine('first draft');
  await sent;
  await terminal.waitFor(`[2] `);
  const edited = changed(bob.client, (m) => m.text === 'final text' && m.editedAt !== null);
  await terminal.typeLine('/edit final text');
  await edited;
  await terminal.waitFor(`[2] edited by ${ann.username}: final text`);

  const party = changed(bob.client, (m) => m.text === 'final text' && m.reactions.some((r) => r.emoji === '🎉'));
  await terminal.typeLine('/react 2 🎉');
  await party;
  await terminal.waitFor('[2] reactions: 🎉 1');

  // Editing someone else's message is refused before it reaches the server.
  await terminal.typeLine('/edit 1 not mine');
  await terminal.waitFor('Message [1] is not yours');

  // /dm: a room of the two of them, and bob gets the line there.
  const dm = received(bob.client, (text) => text === 'just between us');
  await terminal.typeLine(`/dm ${bob.account.username}`);
  await terminal.waitFor(`── @${bob.account.username} ──`);
  await terminal.typeLine('just between us');
  expect((await dm).roomId).toMatch(/^dm-[0-9a-f]{40}$/);

  // Someone else opens a DM with ann: she is told, with how to go there.
  const carol = await other('carol');
  const carolDm = await carol.client.rooms.openDm([annId]);
  await terminal.waitFor(`* You are now in @${carol.account.username}: /join ${carolDm.id}`);

  await terminal.typeLine('/dm nobody_here');
  await terminal.waitFor('Opening a DM with nobody_here failed: there is no user nobody_here');
  // Rooms ann joined, made or opened herself are opened, not announced.
  expect(terminal.output()).not.toContain(`You are now in #${room}`);
  expect(terminal.output()).not.toContain(`You are now in @${bob.account.username}`);

  await terminal.typeLine('/quit');
  expect(await terminal.exited).toBe(0);
});

test('the status line and the transcript show the connection lost and back; a line typed meanwhile is sent', async () => {
  const bob = await other('bob');
  const ann = newAccount('ann');
  await (await sdkUser(stack, ann)).close();
  const terminal = open();
  await logIn(terminal, ann);
  await terminal.typeLine('');
  await terminal.waitFor('── #general ──');
  await terminal.waitFor('● live');

  await stack.stopWebSocket();
  await terminal.waitFor('Connection lost: reconnecting…');
  await terminal.waitFor(/reconnecting… \(what you send waits/);
  await terminal.typeLine('typed while away');
  await stack.startWebSocket();
  await terminal.waitFor('Connected again: live');
  await terminal.waitFor(`${ann.username}: typed while away`);
  // Stored once, although the socket sent it again after reconnecting.
  await expect.poll(() => latestTexts(bob.client, 'general'), { timeout: 15_000 }).toContain('typed while away');
  expect((await latestTexts(bob.client, 'general')).filter((t) => t === 'typed while away')).toHaveLength(1);
  await terminal.typeLine('/quit');
  expect(await terminal.exited).toBe(0);
});

test('with the example bot in the room, /roll 2d6 typed in the terminal gets its answer there', async () => {
  const bot = await other('dicebot');
  const stopBot = runBot(bot.client);
  try {
    const ann = newAccount('ann');
    await (await sdkUser(stack, ann)).close();
    const terminal = open();
    await logIn(terminal, ann);
    await terminal.typeLine('');
    await terminal.waitFor('── #general ──');
    await terminal.typeLine('/roll 2d6'); // not a CLI command: sent as it is
    await terminal.waitFor(`${ann.username}: /roll 2d6`);
    const answer = await terminal.waitFor(new RegExp(`${bot.account.username}: 🎲 2d6: [1-6] \\+ [1-6] = \\d+`, 'u'));
    const [, a, b, total] = /(\d+) \+ (\d+) = (\d+)/.exec(answer)!;
    expect(Number(a) + Number(b)).toBe(Number(total));
    await terminal.typeLine('/quit');
    expect(await terminal.exited).toBe(0);
  } finally {
    stopBot();
  }
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function runPiped(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [node, ...rest] = cliCommand(args);
  const child = spawn(node!, rest, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.stdin.end(input);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

test('an unreachable server: one clear sentence and exit code 1, on a terminal and from a pipe', async () => {
  const port = await closedPort();
  const args = ['--api-url', `http://127.0.0.1:${port}/trpc`, '--ws-url', `ws://127.0.0.1:${port}`];
  const terminal = startTerminal(args);
  terminals.push(terminal);
  await terminal.waitFor(`Cannot reach the chat server at http://127.0.0.1:${port}/trpc. Is it running (npm start)?`);
  expect(await terminal.exited).toBe(1);

  const piped = await runPiped(args, 'l\n');
  expect(piped.code).toBe(1);
  expect(piped.stderr.trim()).toBe(
    `Cannot reach the chat server at http://127.0.0.1:${port}/trpc. Is it running (npm start)? Use --api-url and --ws-url (or CHAT_API_URL, CHAT_WS_URL) for another one.`,
  );
});

test('a wrong flag: a sentence and exit code 2', async () => {
  const piped = await runPiped(['--api-url', 'localhost'], '');
  expect(piped.code).toBe(2);
  expect(piped.stderr.trim()).toBe('--api-url (CHAT_API_URL) must be an http:// or https:// URL');
});

test('from a pipe: lines are typed one by one, and the end of the input quits once they are sent', async () => {
  const bob = await other('bob');
  const ann = newAccount('ann');
  await (await sdkUser(stack, ann)).close();
  const piped = await runPiped(
    ['--api-url', stack.urls.api, '--ws-url', stack.urls.ws],
    `l\n${ann.email}\n${ann.password}\n\nhello from a pipe\n`,
  );
  expect(piped.code).toBe(0);
  // Sent before it quit: already stored.
  expect(await latestTexts(bob.client, 'general')).toContain('hello from a pipe');
  expect(piped.stdout).toContain(`Signed in as ${ann.username}`);
  expect(piped.stdout).toContain('── #general ──');
  expect(piped.stdout).not.toContain(ann.password);
});
