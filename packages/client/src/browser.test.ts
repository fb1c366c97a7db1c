// The built package in a browser: dist/ bundled for the browser by esbuild (as an app's bundler
// would), served by the local stack's web server (its origin is the one the API lets through
// CORS), run in Debian's Chromium: two clients sign up, one sends and edits, the other reads
// both on `live` over the browser's own fetch and WebSocket.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LocalStack } from '@chat/local';
import { authThrottlePolicies, startLocalStack } from '@chat/local';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { createChatClient } from './index.ts';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const webDir = mkdtempSync(join(tmpdir(), 'chat-client-browser-'));
let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  // `@chat/client` resolves through the package's exports: the built dist/, not the sources.
  await build({
    stdin: { contents: "import { createChatClient } from '@chat/client'; globalThis.createChatClient = createChatClient;", resolveDir: resolve(import.meta.dirname, '..') },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    outfile: join(webDir, 'sdk.js'),
    logLevel: 'silent',
  });
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>sdk</title><script src="/sdk.js"></script>');
  [stack, browser] = await Promise.all([
    startLocalStack({
      dataDir: null,
      ports: { dynamodb: 0, api: 0, ws: 0, web: 0 },
      webDir,
      throttlePolicies: { ...authThrottlePolicies, signupAddress: { max: 100, windowMs: 3_600_000 } },
    }),
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(webDir, { recursive: true, force: true });
});

/** What the page's script sets. */
type PageGlobals = { createChatClient: typeof createChatClient };

test('in Chromium: signup, a room, a send and its edit arrive live at the other client', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(stack.urls.web!);
  const tag = Date.now().toString(36);
  const result = await page.evaluate(
    async ({ apiUrl, wsUrl, tag }) => {
      const account = (name: string) => ({ email: `${name}${tag}@example.com`, password: 'correct horse battery', username: `${name}${tag}` });
      const sdk = globalThis as unknown as PageGlobals;
      const alice = sdk.createChatClient({ apiUrl, wsUrl });
      const bob = sdk.createChatClient({ apiUrl, wsUrl });
      await alice.signup(account('alice'));
      await bob.signup(account('bob'));
      const room = await alice.rooms.create({ name: `browser ${tag}` });
      await bob.rooms.join(room.id);
      const joined = new Promise<void>((done) => {
        const off = bob.on('joined', (event) => event.roomId === room.id && (off(), done()));
      });
      const live = bob.live(room.id);
      await joined;
      const sent = await alice.send(room.id, 'hello from a browser');
      const first = (await live.next()).value;
      const edited = await alice.edit(room.id, sent.id, 'hello, edited');
      const second = (await live.next()).value;
      const status = bob.status;
      alice.close();
      bob.close();
      return { sent, first, edited, second, status, hasWebSocket: typeof WebSocket === 'function' };
    },
    { apiUrl: stack.urls.api, wsUrl: stack.urls.ws, tag },
  );
  expect(errors).toEqual([]);
  expect(result.hasWebSocket).toBe(true);
  expect(result.status).toBe('live');
  expect(result.first).toEqual(result.sent);
  expect(result.second).toEqual(result.edited);
  expect(result.second).toMatchObject({ id: result.sent.id, text: 'hello, edited' });
  await page.close();
});
