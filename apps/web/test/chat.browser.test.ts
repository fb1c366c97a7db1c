// The chat in real Chromium against the whole local stack (DynamoDB Local in memory, the api,
// the WebSocket emulator with the ws handler, the Streams poller, the web build): two people,
// two browser contexts, one story told in order. Screenshots go to test/screenshots/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Message } from '@chat/contract';
import type { LocalStack } from '@chat/local';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { seriousViolations } from './support/axe.ts';
import { startStackAndBrowser } from './support/browser.ts';
import { sendAndAck } from './support/socket.ts';
import { type Account, ChatPage } from './support/chat-page.ts';
import './support/provided.ts';
import { mutateApi } from './support/api.ts';

const screenshots = join(import.meta.dirname, 'screenshots');
const ann: Account = { email: 'ann@example.com', username: 'ann', password: 'correct horse battery' };
const bob: Account = { email: 'bob@example.com', username: 'bob', password: 'battery staple horse' };
const desktop = { width: 1280, height: 800 };

let stack: LocalStack;
let browser: Browser;
const contexts: BrowserContext[] = [];
let annPage: ChatPage;
let bobPage: ChatPage;

async function newChatPage(who: string, options: Parameters<Browser['newContext']>[0] = { viewport: desktop }): Promise<ChatPage> {
  // Reduced motion: no transitions, so screenshots never catch the drawer half open.
  const context = await browser.newContext({ reducedMotion: 'reduce', ...options });
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  const page = new ChatPage(await context.newPage(), who);
  await page.page.goto(stack.urls.web!);
  return page;
}

/**
 * Sends messages in order over one plain WebSocket, each after the previous one's ack, and
 * answers the stored messages. The tests' stack lets a user send 400 at once (support/browser.ts).
 * `tag` keeps the clientMsgIds of different calls apart.
 */
async function sendOverWebSocket(token: string, roomId: string, texts: readonly string[], tag = 'seed'): Promise<Message[]> {
  const stored: Message[] = [];
  const ws = new WebSocket(`${stack.urls.ws}?token=${token}&room=${roomId}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  for (const [i, text] of texts.entries()) stored.push(await sendAndAck(ws, roomId, text, `${tag}-${roomId}-${i}`));
  ws.close();
  return stored;
}

/** A tRPC mutation over plain HTTP, as any client can call it. */
async function mutate(token: string, path: string, input: unknown): Promise<void> {
  await mutateApi(stack.urls.api, path, input, token);
}

const sessionOf = (chat: ChatPage) =>
  chat.page.evaluate(() => JSON.parse(localStorage.getItem('chat.session')!) as { token: string; user: { id: string } });

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  ({ stack, browser } = await startStackAndBrowser());
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop(); // DynamoDB Local's Java process included
});

describe('the chat in Chromium', () => {
  test('signing up shows the server’s field errors next to the fields, then lands in #general', async () => {
    annPage = await newChatPage('ann');
    const { page } = annPage;
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    // Signed out, the login page fetches nothing of the chat.
    expect(await page.locator('link[rel=modulepreload][href*="/assets/ChatScreen-"]').count()).toBe(0);
    await page.screenshot({ path: join(screenshots, 'login.png') });

    // The API unreachable: a sentence, and the form keeps what was typed.
    await page.route(`${stack.urls.api}/**`, (route) => route.abort('connectionrefused'));
    await annPage.fillSignUp(ann);
    await page.getByRole('alert').getByText('The chat server can’t be reached. It may be down; try again in a moment.').waitFor();
    expect(await page.getByRole('form', { name: 'Sign up' }).getByLabel('Email').inputValue()).toBe(ann.email);
    await page.unroute(`${stack.urls.api}/**`);

    await annPage.fillSignUp({ email: 'not an email', username: 'ä', password: 'short' });
    const form = page.getByRole('form', { name: 'Sign up' });
    // One sentence each, two for the username: never run into each other, never "bytes".
    await expect.poll(() => form.locator('.field__error').allTextContents()).toEqual([
      'Invalid email address.',
      'Username must be at least 3 characters. Username may contain only letters, digits, "_", "." and "-".',
      'Password must be at least 8 characters.',
    ]);
    expect(await form.getByLabel('Username').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Email').inputValue()).toBe('not an email'); // nothing typed is lost

    await annPage.fillSignUp(ann);
    await annPage.waitForLive();
    expect(new URL(page.url()).pathname).toBe('/rooms/general');
    await page.getByRole('heading', { level: 1, name: 'general', exact: true }).waitFor();
    await page.getByText('No messages yet. Say hello!').waitFor();
  });

  test('rooms can be created and switched', async () => {
    const { page } = annPage;
    for (const name of ['design', 'random']) {
      await page.getByRole('button', { name: 'Create a room' }).click();
      await page.getByRole('textbox', { name: 'Room name' }).fill(name);
      await page.getByRole('textbox', { name: 'Room name' }).press('Enter');
      await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/rooms/${name}`);
    }
    await annPage.openRoom('general');
    expect(await page.locator('.room-list .room-link').allTextContents()).toEqual([
      '#general',
      '#design',
      '#random',
    ]);
  });

  test('a second person signs up; each sees the other’s messages within a second, and who is typing', async () => {
    bobPage = await newChatPage('bob');
    await bobPage.fillSignUp({ ...bob, username: 'ANN' });
    await bobPage.page.getByText('This username is taken').waitFor(); // CONFLICT, next to its field
    await bobPage.page.getByRole('form', { name: 'Sign up' }).getByLabel('Username').fill(bob.username);
    await bobPage.page.getByRole('button', { name: 'Create account' }).click();
    await bobPage.waitForLive();
    await bobPage.page.getByRole('heading', { level: 1, name: 'general', exact: true }).waitFor();
    await annPage.page.getByRole('list', { name: 'Online in #general' }).getByText('bob').waitFor();

    // Layout shifts (not scrolling) on Ann's page while messages arrive: there should be none.
    await annPage.page.evaluate(() => {
      const w = window as unknown as { layoutShift: number };
      w.layoutShift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) w.layoutShift += entry.value;
        }
      }).observe({ type: 'layout-shift' });
    });
    const composerBefore = await annPage.composer.boundingBox();

    const conversation: [ChatPage, ChatPage, string][] = [
      [annPage, bobPage, 'Morning! Did the deploy go out?'],
      [bobPage, annPage, 'Yes, about ten minutes ago. Everything is green.'],
      [bobPage, annPage, 'Error rate is flat and p95 latency dropped a little.'],
      [annPage, bobPage, 'Nice. Can you share the dashboard link?\nI want to look at the latency graphs.'],
      [bobPage, annPage, 'Sure, one sec'],
    ];
    const latencies: number[] = [];
    for (const [from, to, text] of conversation) {
      await from.composer.fill(text);
      const sent = Date.now();
      await from.composer.press('Enter');
      await to.message(text).waitFor({ timeout: 1_000 });
      latencies.push(Date.now() - sent);
      await from.messageRow(text).and(from.page.locator('[data-status="sent"]')).waitFor({ timeout: 1_000 });
    }
    console.log(`send -> visible in the other browser: ${latencies.map((ms) => `${ms} ms`).join(', ')}`);
    expect(await annPage.messageTexts()).toEqual(conversation.map(([, , text]) => text));
    expect(await bobPage.messageTexts()).toEqual(conversation.map(([, , text]) => text));
    expect(await annPage.messageRow('Sure, one sec').getAttribute('data-own')).toBeNull();
    expect(await bobPage.messageRow('Sure, one sec').getAttribute('data-own')).toBe('true');

    // Typing, not sending: the other side is told, for a few seconds.
    await bobPage.composer.pressSequentially('Here it', { delay: 20 });
    await expect.poll(() => annPage.typing().textContent()).toBe('bob is typing…');
    expect(await annPage.composer.boundingBox()).toEqual(composerBefore); // nothing pushed the composer
    expect(await annPage.page.evaluate(() => (window as unknown as { layoutShift: number }).layoutShift)).toBeLessThan(0.01);
    expect(await bobPage.typing().textContent()).toBe(''); // never to oneself
    await expect.poll(() => annPage.typing().textContent(), { timeout: 8_000 }).toBe('');
    await bobPage.composer.fill('');
  });

  test('messages in another room count as unread until it is opened', async () => {
    // Ann's channels are public: Bob joins them (a room one is not in sends nothing).
    for (const name of ['design', 'random']) await bobPage.joinRoom(name);
    await bobPage.openRoom('general');
    await annPage.openRoom('design');
    await annPage.send('New mockups are up for review');
    await expect.poll(() => bobPage.roomButton('design').textContent()).toBe('#design1');
    expect(await bobPage.roomButton('design').getByLabel('1 unread').count()).toBe(1);
    await bobPage.openRoom('design');
    await bobPage.message('New mockups are up for review').waitFor();
    expect(await bobPage.roomButton('design').textContent()).toBe('#design');
  });

  test('markup in a message is shown as text, never run', async () => {
    await annPage.openRoom('random');
    await bobPage.openRoom('random');
    const markup = '<img src=x onerror=alert(1)><b>bold</b>';
    await annPage.send(markup);
    for (const chat of [annPage, bobPage]) {
      await chat.message(markup).waitFor();
      expect(await chat.page.locator('.messages__list img, .messages__list b').count()).toBe(0);
    }
    await bobPage.send('Emoji render natively 🎉👍🏽 ✓');
    await annPage.message('Emoji render natively 🎉👍🏽 ✓').waitFor();
  });

  test('the composer counts near the 4,000 limit and never sends or drops a message that is too long', async () => {
    const { composer, page } = bobPage;
    await composer.fill('x'.repeat(3_999));
    await page.getByText('3,999 / 4,000 characters').waitFor();
    await composer.pressSequentially('yz');
    await page.getByText('Too long by 1 character (4,001 / 4,000). Shorten it to send.').waitFor();
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await composer.press('Enter');
    expect(await composer.inputValue()).toHaveLength(4_001); // still there, not sent
    await composer.press('Backspace');
    await composer.press('Enter');
    await annPage.message(`${'x'.repeat(3_999)}y`).waitFor();
    expect(await composer.inputValue()).toBe('');
  });

  test('the composer counts like the server, in code points: 2,500 😀 are sent, 4,001 are refused with the count', async () => {
    const { composer, page } = bobPage;
    const emoji = '😀'.repeat(2_500); // 5,000 UTF-16 units
    await composer.fill(emoji);
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(false);
    expect(await page.locator('.composer__hint').textContent()).not.toMatch(/Too long/);
    await composer.press('Enter');
    await annPage.message(emoji).waitFor();
    await bobPage.messageRow(emoji).and(page.locator('[data-status="sent"]')).waitFor();

    await composer.fill('😀'.repeat(3_600));
    await page.getByText('3,600 / 4,000 characters').waitFor();
    await composer.fill('😀'.repeat(4_001));
    await page.getByText('Too long by 1 character (4,001 / 4,000). Shorten it to send.').waitFor();
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await composer.press('Enter');
    expect([...(await composer.inputValue())]).toHaveLength(4_001); // still there, not sent
    await composer.fill('');
  });

  test('a reload keeps the session, the room and its history', async () => {
    const before = await bobPage.messageTexts();
    // Signed in, index.html itself starts the chat's chunk, beside the entry script rather than after it.
    const chatChunk = bobPage.page.waitForRequest(/\/assets\/ChatScreen-[\w-]+\.js$/);
    await bobPage.page.reload();
    await chatChunk;
    expect(await bobPage.page.locator('link[rel=modulepreload][href*="/assets/ChatScreen-"]').count()).toBe(1);
    await bobPage.waitForLive();
    await bobPage.page.getByRole('heading', { level: 1, name: 'random', exact: true }).waitFor();
    await expect.poll(() => bobPage.messageTexts()).toEqual(before);
    expect(await bobPage.page.getByRole('form', { name: 'Log in' }).count()).toBe(0);
  });

  test('when the WebSocket side goes away and comes back: reconnecting, then live, and what was sent meanwhile appears once, in order', async () => {
    await Promise.all([annPage.waitForLive(), bobPage.waitForLive()]);
    await stack.stopWebSocket();
    await expect.poll(() => annPage.status()).toBe('reconnecting');
    await expect.poll(() => bobPage.status()).toMatch(/reconnecting|offline/);
    await annPage.page.getByText('Messages you send go out as soon as the connection is back.').waitFor();

    // Bob writes while nothing can be delivered: shown at once, pending, kept for the reconnect.
    const meanwhile = ['meanwhile 1', 'meanwhile 2', 'meanwhile 3'];
    for (const text of meanwhile) await bobPage.send(text);
    for (const text of meanwhile) await bobPage.messageRow(text).and(bobPage.page.locator('[data-status="pending"]')).waitFor();

    await stack.startWebSocket();
    await annPage.waitForLive();
    await bobPage.waitForLive();
    for (const text of meanwhile) {
      await annPage.message(text).waitFor({ timeout: 10_000 });
      await bobPage.messageRow(text).and(bobPage.page.locator('[data-status="sent"]')).waitFor({ timeout: 10_000 });
    }
    await bobPage.send('and after');
    await annPage.message('and after').waitFor();
    // Late duplicates (stream retries, the gap-fill overlapping the catch-up) would show up by now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const texts = await annPage.messageTexts();
    expect(texts.slice(-4)).toEqual([...meanwhile, 'and after']);
    for (const text of meanwhile) expect(texts.filter((t) => t === text)).toHaveLength(1);
    expect(await bobPage.messageTexts()).toEqual(texts);
  });

  test('offline in the browser: the status says so at once, a room that failed to load loads when back online, and what was sent meanwhile is delivered', async () => {
    // A room Bob has not opened yet, with a message in it.
    const token = await bobPage.page.evaluate(() => (JSON.parse(localStorage.getItem('chat.session')!) as { token: string }).token);
    const created = await fetch(`${stack.urls.api}/rooms.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'offline' }),
    });
    expect(created.status).toBe(200);
    await sendOverWebSocket(token, 'offline', ['written before Bob went offline']);
    await bobPage.page.reload();
    await bobPage.waitForLive();
    await bobPage.roomButton('offline').waitFor();

    const context = bobPage.page.context();
    await context.setOffline(true);
    // Seconds at most (it took 24 s and more, and said "Live" meanwhile).
    await expect.poll(() => bobPage.status(), { timeout: 5_000 }).toBe('offline');
    expect(await bobPage.connection.textContent()).not.toContain('Live');
    await bobPage.openRoom('offline');
    await bobPage.page.getByText('You are offline. Check your connection and try again.').waitFor();
    await bobPage.page.getByText('You are offline. Messages you send go out when you are back online.').waitFor();
    await bobPage.send('written while offline');
    await bobPage.messageRow('written while offline').and(bobPage.page.locator('[data-status="pending"]')).waitFor();
    expect(await seriousViolations(bobPage.page), 'offline, a room that failed to load, a pending message').toEqual([]);

    await context.setOffline(false);
    await bobPage.waitForLive();
    await bobPage.message('written before Bob went offline').waitFor(); // the room loaded, without a click
    await bobPage.messageRow('written while offline').and(bobPage.page.locator('[data-status="sent"]')).waitFor();
    expect(await bobPage.messageTexts()).toEqual(['written before Bob went offline', 'written while offline']);
    const stored = await fetch(`${stack.urls.api}/messages.list?input=${encodeURIComponent(JSON.stringify({ roomId: 'offline' }))}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await stored.json()) as { result: { data: { messages: { text: string }[] } } };
    expect(page.result.data.messages.map((m) => m.text)).toContain('written while offline');
    await bobPage.openRoom('random');
  });

  test('what others sent, edited and deleted while one was offline appears after the reconnect, each once, without reloading history; a reload keeps it', async () => {
    // Ann and Bob both in #random: Ann writes two messages Bob sees live, then Bob's browser goes offline.
    await annPage.openRoom('random');
    await bobPage.openRoom('random');
    await Promise.all([annPage.waitForLive(), bobPage.waitForLive()]);
    const { token: annToken, user: annUser } = await sessionOf(annPage);
    const [toEdit, toDelete] = await sendOverWebSocket(annToken, 'random', ['to be edited', 'to be deleted'], 'before-away');
    await bobPage.message('to be deleted').waitFor();
    const before = await bobPage.messageTexts();
    const historyRequests: string[] = [];
    bobPage.page.on('request', (request) => {
      if (request.url().includes('/messages.list')) historyRequests.push(request.url());
    });
    await bobPage.page.context().setOffline(true);
    await expect.poll(() => bobPage.status(), { timeout: 5_000 }).toBe('offline');

    const missed = ['while Bob was away 1', 'while Bob was away 2', 'while Bob was away 3'];
    await sendOverWebSocket(annToken, 'random', missed, 'away');
    await mutate(annToken, 'messages.edit', { roomId: 'random', messageId: toEdit!.id, text: 'edited while Bob was away' });
    await mutate(annToken, 'messages.delete', { roomId: 'random', messageId: toDelete!.id });
    await annPage.message('edited while Bob was away').waitFor();

    await bobPage.page.context().setOffline(false);
    await bobPage.waitForLive();
    for (const text of [...missed, 'edited while Bob was away']) await bobPage.message(text).waitFor();
    await bobPage.message('to be deleted').waitFor({ state: 'detached' });
    // Sent after the reconnect, so shown after everything the resume brought: duplicates would be here by now.
    await annPage.send('and now live again');
    await bobPage.message('and now live again').waitFor();
    const expected = [
      ...before.filter((t) => t !== 'to be deleted').map((t) => (t === 'to be edited' ? 'edited while Bob was away' : t)),
      ...missed,
      'and now live again',
    ];
    // A deleted message keeps its row (a placeholder, without the text).
    const deletedRow = bobPage.page.locator(`.messages__list [data-row-key="${annUser.id}:${toDelete!.clientMsgId}"]`);
    const shownTexts = async () => (await bobPage.messageTexts()).filter((t) => t !== '');
    expect(await shownTexts()).toEqual(expected);
    expect(await deletedRow.count()).toBe(1);
    expect(historyRequests, 'the socket resumed the room; the app fetched no history').toEqual([]);

    await bobPage.page.reload();
    await bobPage.waitForLive();
    await expect.poll(shownTexts).toEqual(expected.slice(-50));
    expect(await deletedRow.count()).toBe(1);
  });

  test('works from the keyboard alone', async () => {
    const { page } = annPage;
    await annPage.openRoom('general');
    await page.reload(); // focus starts at the top of the page
    await annPage.waitForLive();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the message box');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('composer');
    await page.keyboard.type('Here is the link: https://grafana.example.com/d/latency');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('The p99 spike at 9:40 was the cold start.');
    await page.keyboard.press('Enter');
    const text = 'Here is the link: https://grafana.example.com/d/latency\nThe p99 spike at 9:40 was the cold start.';
    await bobPage.openRoom('general');
    await bobPage.message(text).waitFor();
    await page.keyboard.press('Alt+ArrowDown');
    await page.getByRole('heading', { level: 1, name: 'design', exact: true }).waitFor();
    await page.keyboard.press('Alt+ArrowUp');
    await page.getByRole('heading', { level: 1, name: 'general', exact: true }).waitFor();
  });

  test('at 375 px the sidebar folds into a toggle and the composer stays reachable', async () => {
    const mobile = await newChatPage('bob (phone)', { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    const { page } = mobile;
    await page.screenshot({ path: join(screenshots, 'login-mobile.png') });
    await mobile.logIn(bob);
    await mobile.waitForLive();
    await mobile.page.getByRole('heading', { level: 1, name: 'general', exact: true }).waitFor();
    await mobile.message('Sure, one sec').waitFor();

    expect(await page.getByRole('navigation', { name: 'Rooms' }).isVisible()).toBe(false);
    const composer = await mobile.composer.boundingBox();
    expect(composer).not.toBeNull();
    expect(composer!.x).toBeGreaterThanOrEqual(0);
    expect(composer!.x + composer!.width).toBeLessThanOrEqual(375);
    expect(composer!.y + composer!.height).toBeLessThanOrEqual(740);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

    await mobile.send('Sent from my phone');
    await annPage.message('Sent from my phone').waitFor();
    await mobile.messageRow('Sent from my phone').and(page.locator('[data-status="sent"]')).waitFor();
    await bobPage.send('Thanks! Looks good to me.');
    await annPage.message('Thanks! Looks good to me.').waitFor();
    await mobile.message('Thanks! Looks good to me.').waitFor();
    await page.screenshot({ path: join(screenshots, 'chat-mobile.png') });

    await page.getByRole('button', { name: /^Rooms/ }).click();
    await page.getByRole('navigation', { name: 'Rooms' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'chat-mobile-rooms.png') });
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Rooms' }).waitFor({ state: 'hidden' });
  });

  test('scrolling up loads older history page by page, and what is on screen does not move', async () => {
    // 120 messages from Bob in a new room, written over a plain WebSocket.
    const token = await bobPage.page.evaluate(() => (JSON.parse(localStorage.getItem('chat.session')!) as { token: string }).token);
    const created = await fetch(`${stack.urls.api}/rooms.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'history' }),
    });
    expect(created.status).toBe(200);
    const texts = Array.from({ length: 120 }, (_, i) => `history ${i + 1}`);
    await sendOverWebSocket(token, 'history', texts);

    const { page } = annPage;
    await page.goto(`${stack.urls.web}/rooms/history`);
    await annPage.message('history 120').waitFor();
    // The newest at the bottom, and only the rows around the view in the DOM (the list is virtualized).
    const rendered = await annPage.messageTexts();
    expect(rendered.length).toBeLessThan(50);
    expect(rendered).toEqual(texts.slice(-rendered.length));
    const scroller = page.locator('.messages__scroller');

    // Hold the next page back, scroll to the top, note where the oldest shown message is, let the page in.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/trpc/messages.list**', async (route) => {
      await held;
      await route.continue();
    });
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await page.getByText('Loading earlier messages…').waitFor();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    // The oldest message shown: when 70 arrives above it, it joins 70's group (its header goes), yet it stays put.
    const anchor = annPage.message('history 71');
    const before = (await anchor.boundingBox())!.y;
    release();
    await annPage.message('history 70').waitFor({ state: 'attached' });
    const afterY = (await anchor.boundingBox())!.y;
    expect(afterY).toBeCloseTo(before, 0);
    await page.unroute('**/trpc/messages.list**');

    // On to the start of the room: every message once, in order.
    await expect
      .poll(async () => {
        await scroller.evaluate((el) => (el.scrollTop = 0));
        return page.getByText('This is the very beginning of #history.').isVisible();
      })
      .toBe(true);
    expect(await annPage.readWholeRoom()).toEqual(texts);
    await annPage.openRoom('general');
  });

  test('an expired session goes back to the login screen with a sentence saying so', async () => {
    const expired = await newChatPage('expired', { viewport: desktop });
    await expired.page.getByRole('heading', { name: 'Welcome back' }).waitFor(); // booted: reads storage only on the next load
    const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${b64url({ alg: 'HS256' })}.${b64url({ sub: 'x', username: 'ann', exp: Math.floor(Date.now() / 1000) - 60 })}.sig`;
    await expired.page.evaluate(
      (session) => localStorage.setItem('chat.session', session),
      JSON.stringify({ token, user: { id: 'x', email: ann.email, username: 'ann' } }),
    );
    await expired.page.reload();
    await expired.page.getByText('Your session expired. Please log in again.').waitFor();
    await expired.logIn(ann);
    await expired.waitForLive();
    await expired.page.getByRole('button', { name: 'Log out' }).click();
    await expired.page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    expect(await expired.page.evaluate(() => localStorage.getItem('chat.session'))).toBeNull();
  });

  test('screenshot of the chat on a desktop', async () => {
    await bobPage.openRoom('design');
    await bobPage.send('Left a few comments on the onboarding flow');
    await expect.poll(() => annPage.roomButton('design').textContent()).toBe('#design1');
    // Ann came back to #general from the top of #history: a room opens at its newest message.
    const newest = (await annPage.message('Thanks! Looks good to me.').boundingBox())!;
    const scroller = (await annPage.page.locator('.messages__scroller').boundingBox())!;
    expect(newest.y + newest.height).toBeLessThanOrEqual(scroller.y + scroller.height);
    expect(newest.y).toBeGreaterThanOrEqual(scroller.y);
    await annPage.page.mouse.move(0, 0);
    await annPage.page.screenshot({ path: join(screenshots, 'chat-desktop.png') });
  });

  test('the composer refuses what the server refuses, saying why: an RTL override, a NUL, only zero-width characters', async () => {
    const { composer, page } = bobPage;
    const send = page.getByRole('button', { name: 'Send' });
    for (const [text, why] of [
      ['invoice\u202egnp.exe', 'Message must not contain bidi override or isolate characters.'],
      ['a\u0000b', 'Message must not contain control characters (newlines and tabs are fine).'],
      ['\u200b\u200b\u200d', 'Message must not be empty.'],
    ] as const) {
      await composer.fill(text);
      await page.locator('.composer__hint', { hasText: why }).waitFor();
      expect(await send.isDisabled()).toBe(true);
      await composer.press('Enter');
      expect(await composer.inputValue()).toBe(text); // still there, not sent
    }
    // Fixed, it can go (the hint is no longer an error).
    await composer.fill('invoice png.exe');
    expect(await send.isDisabled()).toBe(false);
    expect(await page.locator('.composer__hint--error').count()).toBe(0);
    await composer.fill('');
  });

  test('nothing threw in any page and no dialog opened', () => {
    expect([...annPage.problems, ...bobPage.problems]).toEqual([]);
  });
});
