// How much of the message list React renders again when something happens, in real Chromium
// against the whole local stack: a room of 300 loaded messages, then one new message, a typing
// event, a presence change and a clock tick. The rows count their renders (src/lib/render-probe.ts).
// And what virtualizing it must not break: focus in a row scrolled out of view, the view kept
// still while reading far up.
import type { AuthResult, Message } from '@chat/contract';
import type { LocalStack } from '@chat/local';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startStackAndBrowser } from './support/browser.ts';
import { sendAndAck } from './support/socket.ts';
import { ChatPage } from './support/chat-page.ts';
import './support/provided.ts';
import { mutateApi } from './support/api.ts';

let stack: LocalStack;
let browser: Browser;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  ({ stack, browser } = await startStackAndBrowser());
});

afterAll(async () => {
  for (const ws of sockets) ws.close();
  await browser?.close();
  await stack?.stop();
});

const api = <T>(path: string, input: unknown, token?: string): Promise<T> => mutateApi<T>(stack.urls.api, path, input, token);

const signUp = (username: string) => api<AuthResult>('auth.signup', { email: `${username}@example.com`, username, password: 'correct horse battery' });

async function connect(token: string, roomId: string): Promise<WebSocket> {
  const ws = new WebSocket(`${stack.urls.ws}?token=${token}&room=${roomId}`);
  sockets.push(ws);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return ws;
}

/** Focuses the room (typing and presence need it) and waits for the joined frame. */
function join(ws: WebSocket, roomId: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const onFrame = (data: WebSocket.RawData) => {
      if ((JSON.parse(String(data)) as { type: string }).type !== 'joined') return;
      ws.off('message', onFrame);
      resolve();
    };
    ws.on('message', onFrame);
    ws.send(JSON.stringify({ action: 'joinRoom', roomId }));
  });
}

const frames = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
const rowRenders = (page: Page) => page.evaluate(() => window.__chatRenderCounts?.MessageRow ?? 0);
const resetRenders = (page: Page) => page.evaluate(() => (window.__chatRenderCounts = {}));

/** Waits until the rows stop rendering (measuring and settling take a few frames). */
async function quiet(page: Page): Promise<void> {
  let last = -1;
  await expect
    .poll(async () => {
      await frames(page);
      const now = await rowRenders(page);
      const still = now === last;
      last = now;
      return still;
    })
    .toBe(true);
}

describe('the message list in a room of 300 loaded messages', () => {
  let chat: ChatPage;
  let bobSocket: WebSocket;
  let mounted = 0;
  let oneMore: Message;

  test('loading the whole history keeps only the rows around the view in the DOM', async () => {
    const [ann, bob] = await Promise.all([signUp('ann'), signUp('bob')]);
    await api('rooms.create', { name: 'long' }, bob.token);
    // Rows of different heights: every seventh message runs over several lines.
    const texts = Array.from({ length: 300 }, (_, i) => (i % 7 === 3 ? `long ${i + 1} ${'and more words '.repeat(30)}` : `long ${i + 1}`));
    // The tests' stack lets a user send 400 at once (support/browser.ts).
    const seeder = await connect(bob.token, 'long');
    for (const [i, text] of texts.entries()) await sendAndAck(seeder, 'long', text, `seed-${i}`);
    seeder.close();
    bobSocket = await connect(bob.token, 'long');

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    await context.clock.install(); // time flows as usual, until a test jumps it forward
    await context.addInitScript((session) => {
      localStorage.setItem('chat.session', session);
      window.__chatRenderCounts = {};
    }, JSON.stringify(ann));
    chat = new ChatPage(await context.newPage(), 'ann');
    const { page } = chat;
    await page.goto(`${stack.urls.web}/rooms/long`);
    await chat.waitForLive();
    await chat.message('long 300').waitFor();

    // Back to the room's first message: all six pages loaded.
    const scroller = page.locator('.messages__scroller');
    await expect
      .poll(async () => {
        await scroller.evaluate((el) => (el.scrollTop = 0));
        return page.getByText('This is the very beginning of #long.').isVisible();
      })
      .toBe(true);
    await chat.message('long 1').waitFor();
    // And down again to the newest, where the list stays pinned.
    await expect
      .poll(async () => {
        await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
        await frames(page);
        return chat.message('long 300').isVisible();
      })
      .toBe(true);
    await quiet(page);

    mounted = await page.locator('.messages__list .message').count();
    const elements = await page.evaluate(() => document.querySelectorAll('*').length);
    console.log(`300 loaded messages: ${mounted} rows and ${elements} elements in the DOM`);
    expect(mounted).toBeGreaterThan(10);
    expect(mounted).toBeLessThan(60);
  });

  test('a new message renders its own row, not the others', async () => {
    const { page } = chat;
    await resetRenders(page);
    oneMore = await sendAndAck(bobSocket, 'long', 'one more', 'one-more');
    await chat.message('one more').waitFor();
    await quiet(page);
    const renders = await rowRenders(page);
    console.log(`a new message: ${renders} row renders (${mounted} rows mounted)`);
    expect(renders).toBeGreaterThanOrEqual(1); // the probe counts
    expect(renders).toBeLessThanOrEqual(2);
  });

  test('a typing event and a presence change render no row', async () => {
    const { page } = chat;
    await resetRenders(page);
    await join(bobSocket, 'long');
    bobSocket.send(JSON.stringify({ action: 'typing', roomId: 'long' }));
    await chat.typing().getByText(/^bob is typing/).waitFor();
    const carol = await signUp('carol');
    await join(await connect(carol.token, 'long'), 'long');
    await page.getByRole('list', { name: 'Online in #long' }).getByText('carol').waitFor();
    await quiet(page);
    expect(await rowRenders(page)).toBe(0);
  });

  test('the relative-time tick renders only the rows whose label changes', async () => {
    const { page } = chat;
    // Each mounted row's time label ("just now", "1 minute ago"), by row.
    const labels = () =>
      page.evaluate(() =>
        Object.fromEntries(
          [...document.querySelectorAll<HTMLElement>('.messages__list .message')].map((row) => [
            row.dataset.rowKey,
            (row.querySelector('.message__meta time') ?? row.querySelector('.message__body > .sr-only'))?.textContent ?? '',
          ]),
        ),
      );
    await resetRenders(page);
    const before = await labels();
    // Past a tick, to where every message but the newest ("one more") turned a minute old.
    const age = (await page.evaluate(() => Date.now())) - oneMore.createdAt;
    const jump = 60_000 - age - 1_500;
    expect(jump).toBeGreaterThan(30_000);
    await page.clock.fastForward(jump);
    await quiet(page);
    const after = await labels();
    const changed = Object.keys(after).filter((key) => before[key] !== undefined && before[key] !== after[key]);
    console.log(`a tick: ${changed.length} of ${Object.keys(after).length} labels changed, ${await rowRenders(page)} row renders`);
    expect(changed.length).toBeGreaterThan(0);
    expect(Object.values(after).filter((label) => String(label).includes('just now'))).toHaveLength(1); // "one more"
    expect(await rowRenders(page)).toBe(changed.length);
  });

  test('a focused row stays while the view scrolls away from it; far away, focus goes to the list, never to the page', async () => {
    const { page } = chat;
    const scroller = page.locator('.messages__scroller');
    await chat.messageRow('long 295').getByRole('button', { name: 'Add a reaction' }).focus();
    const focusedRow = () => page.evaluate(() => document.activeElement?.closest<HTMLElement>('[data-message-id]')?.querySelector('.message__text')?.textContent ?? document.activeElement?.className);
    expect(await focusedRow()).toBe('long 295');
    await scroller.evaluate((el) => (el.scrollTop -= 3 * el.clientHeight));
    await frames(page);
    // Out of view (below it), yet still there.
    const viewBottom = await scroller.evaluate((el) => el.getBoundingClientRect().bottom);
    expect((await chat.message('long 295').boundingBox())!.y).toBeGreaterThan(viewBottom);
    expect(await focusedRow()).toBe('long 295');
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await expect.poll(() => focusedRow()).toBe('messages__scroller');
    expect(await chat.message('long 295').count()).toBe(0);
  });

  test('reading far up, new messages leave the view still and offer a button down to them', async () => {
    const { page } = chat;
    const scroller = page.locator('.messages__scroller');
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    await page.locator('.messages__list .message__text').nth(8).waitFor();
    await quiet(page);
    const onScreen = chat.message((await page.locator('.messages__list .message__text').nth(8).textContent())!);
    const before = (await onScreen.boundingBox())!.y;
    await sendAndAck(bobSocket, 'long', 'first new', 'first-new');
    await sendAndAck(bobSocket, 'long', 'second new', 'second-new');
    const button = page.getByRole('button', { name: '2 new messages' });
    await button.waitFor();
    expect((await onScreen.boundingBox())!.y).toBeCloseTo(before, 0);
    await button.click();
    await button.waitFor({ state: 'detached' });
    const box = await scroller.boundingBox();
    await expect.poll(async () => (await chat.message('second new').boundingBox())?.y ?? -1).toBeGreaterThan(box!.y);
    expect((await chat.message('second new').boundingBox())!.y).toBeLessThan(box!.y + box!.height);
    expect(chat.problems).toEqual([]);
  });
});
