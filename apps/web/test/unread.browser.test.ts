// Read state in real Chromium against the whole local stack: unread and mention badges come
// from the server (they count what arrived while logged out and survive a reload), reading in
// one tab clears the badge in the other, the "New messages" divider, mute, and desktop
// notifications (the page's Notification constructor recorded by an init script; the tab's
// visibility driven by one, since a headless page is always "visible").
import type { AuthResult, Room } from '@chat/contract';
import type { LocalStack } from '@chat/local';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { seriousViolations } from './support/axe.ts';
import { startStackAndBrowser } from './support/browser.ts';
import { type Account, ChatPage } from './support/chat-page.ts';
import { sendAndAck } from './support/socket.ts';
import './support/provided.ts';
import { mutateApi } from './support/api.ts';

const desktop = { width: 1280, height: 800 };
const password = 'correct horse battery';
const bob: Account = { email: 'bob@example.com', username: 'bob', password };

let stack: LocalStack;
let browser: Browser;
const contexts: BrowserContext[] = [];
const sockets: WebSocket[] = [];
let ann: AuthResult;
let bobAuth: AuthResult;
let design: Room;
let bobContext: BrowserContext;
let bobTab: ChatPage;

declare global {
  interface Window {
    /** Set by the init script: what the page's `new Notification(...)` calls showed. */
    __notifications: Array<{ title: string; body: string | undefined; notification: Notification }>;
    /** Set by the init script: hides or shows the tab as far as the page can tell. */
    __setHidden: (hidden: boolean) => void;
  }
}

/** In every page: a controllable visibilityState, and every Notification constructed recorded (the real one still runs). */
function pageInstruments(): void {
  let hidden = false;
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
  window.__setHidden = (next) => {
    hidden = next;
    document.dispatchEvent(new Event('visibilitychange'));
  };
  window.__notifications = [];
  if (typeof Notification === 'undefined') return;
  window.Notification = new Proxy(Notification, {
    construct(target, args: [string, NotificationOptions?]) {
      const notification = Reflect.construct(target, args) as Notification;
      window.__notifications.push({ title: args[0], body: args[1]?.body, notification });
      return notification;
    },
  });
}

const api = <T>(path: string, input: unknown, token?: string): Promise<T> => mutateApi<T>(stack.urls.api, path, input, token);

/** A client as another program would be: a plain WebSocket. */
async function socketOf(token: string): Promise<WebSocket> {
  const ws = new WebSocket(`${stack.urls.ws}?token=${token}`);
  sockets.push(ws);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return ws;
}

let sent = 0;
async function annSends(roomId: string, ...texts: string[]): Promise<void> {
  const ws = await socketOf(ann.token);
  for (const text of texts) await sendAndAck(ws, roomId, text, `ann-${++sent}`);
  ws.close();
}

async function newContext(options: { notifications: boolean }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: desktop, reducedMotion: 'reduce' });
  context.setDefaultTimeout(10_000);
  if (options.notifications) await context.grantPermissions(['notifications'], { origin: stack.urls.web! });
  await context.addInitScript(pageInstruments);
  contexts.push(context);
  return context;
}

async function openTab(context: BrowserContext, who: string, path = '/'): Promise<ChatPage> {
  const chat = new ChatPage(await context.newPage(), who);
  await chat.page.goto(new URL(path, stack.urls.web!).href);
  return chat;
}

/** The room's badges as the room list shows them: "3 unread", "1 mention" (each absent when zero). */
function badges(chat: ChatPage, room: string): Promise<string[]> {
  return chat.roomButton(room).locator('.badge').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''));
}

const setHidden = (page: Page, hidden: boolean) => page.evaluate((h) => window.__setHidden(h), hidden);
const notifications = (page: Page) => page.evaluate(() => window.__notifications.map(({ title, body }) => ({ title, body })));

beforeAll(async () => {
  ({ stack, browser } = await startStackAndBrowser());
  ann = await api<AuthResult>('auth.signup', { email: 'ann@example.com', username: 'ann', password });
  bobAuth = await api<AuthResult>('auth.signup', { email: bob.email, username: bob.username, password });
  design = await api<Room>('rooms.create', { name: 'design' }, ann.token);
  await api('rooms.join', { roomId: design.id }, bobAuth.token);
});

afterAll(async () => {
  for (const ws of sockets) ws.close();
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

describe('unread in Chromium', () => {
  test('what arrived while logged out: 3 unread, 1 mention, and "(N)" in the title; a reload keeps them', async () => {
    bobContext = await newContext({ notifications: true });
    bobTab = await openTab(bobContext, 'bob');
    await bobTab.logIn(bob);
    await bobTab.waitForLive();
    await bobTab.page.getByRole('button', { name: 'Log out' }).click();
    await bobTab.page.getByRole('form', { name: 'Log in' }).waitFor();

    await annSends(design.id, 'The new logo is in the drive', '@bob can you check the colours?', 'No rush');

    await bobTab.logIn(bob);
    await bobTab.waitForLive();
    await expect.poll(() => badges(bobTab, 'design')).toEqual(['1 mention', '3 unread']);
    expect(await bobTab.roomButton('design').locator('.badge').allTextContents()).toEqual(['@1', '3']);
    await expect.poll(() => bobTab.page.title()).toBe('(3) #general · Serverless Chat');

    await bobTab.page.reload();
    await bobTab.waitForLive();
    await expect.poll(() => badges(bobTab, 'design')).toEqual(['1 mention', '3 unread']);
    expect(await bobTab.page.title()).toBe('(3) #general · Serverless Chat');
    expect(await seriousViolations(bobTab.page), 'badges').toEqual([]);
  });

  test('two tabs: reading in one clears the badge in the other; the room opens at a "New messages" divider', async () => {
    const second = await openTab(bobContext, 'bob, second tab');
    await second.waitForLive();
    await expect.poll(() => badges(second, 'design')).toEqual(['1 mention', '3 unread']);

    const opened = Date.now();
    await bobTab.openRoom('design');
    // The divider sits right above the first of the three unread messages.
    const divider = bobTab.page.locator('.messages__list .new-messages');
    await divider.waitFor();
    expect(await divider.textContent()).toBe('New messages');
    const afterDivider = bobTab.page.locator('.messages__list .new-messages + .message .message__text');
    expect(await afterDivider.textContent()).toBe('The new logo is in the drive');

    // readUpdated reaches the other tab: its badge goes (no reload, no poll of a fixed delay).
    await expect.poll(() => badges(second, 'design')).toEqual([]);
    console.log(`opened in one tab -> badge gone in the other: ${Date.now() - opened} ms (markRead debounced 300 ms)`);
    await expect.poll(() => second.page.title()).toBe('#general · Serverless Chat');
    await second.page.close();
    expect(await seriousViolations(bobTab.page), 'divider').toEqual([]);

    // The divider stays while the room is open, even as new messages come in.
    await annSends(design.id, 'One more thing');
    await bobTab.message('One more thing').waitFor();
    expect(await afterDivider.textContent()).toBe('The new logo is in the drive');
    expect(await badges(bobTab, 'design')).toEqual([]);
    // Left and opened again with nothing unread: no divider.
    await bobTab.openRoom('general');
    await bobTab.openRoom('design');
    await bobTab.message('One more thing').waitFor();
    expect(await divider.count()).toBe(0);
  });

  test('while the tab is hidden the open room is not read; shown again, it is', async () => {
    await setHidden(bobTab.page, true);
    await annSends(design.id, 'Are you there?');
    await expect.poll(() => bobTab.page.title()).toBe('(1) #design · Serverless Chat');
    await setHidden(bobTab.page, false);
    await expect.poll(() => bobTab.page.title()).toBe('#design · Serverless Chat');
    // Read on the server too: a reload shows nothing unread.
    await bobTab.page.reload();
    await bobTab.waitForLive();
    await bobTab.message('Are you there?').waitFor();
    await bobTab.openRoom('general');
    await expect.poll(() => bobTab.page.title()).toBe('#general · Serverless Chat');
    expect(await badges(bobTab, 'design')).toEqual([]);
  });

  test('desktop notifications while hidden, for mentions and DMs (not for other messages, not for a muted room); a click opens the room', async () => {
    const { page } = bobTab;
    // Permission granted: no prompt asks for it.
    expect(await page.getByRole('region', { name: 'Desktop notifications' }).count()).toBe(0);
    await setHidden(page, true);
    await annSends(design.id, 'Just chatting', '@bob the deadline moved to Friday');
    await expect.poll(() => notifications(page)).toEqual([{ title: 'ann in #design', body: '@bob the deadline moved to Friday' }]);

    // A click on it: the window comes forward with the room open.
    await setHidden(page, false);
    await page.evaluate(() => window.__notifications[0]!.notification.dispatchEvent(new Event('click')));
    await page.getByRole('heading', { level: 1, name: 'design', exact: true }).waitFor();

    // Muted: no badge for its messages, no notification, but the mention badge stays.
    await page.getByRole('button', { name: 'Mute #design' }).click();
    expect(await page.getByRole('button', { name: 'Mute #design' }).getAttribute('aria-pressed')).toBe('true');
    await bobTab.openRoom('general');
    await setHidden(page, true);
    await annSends(design.id, 'quiet please', '@bob muted mention');
    await expect.poll(() => badges(bobTab, 'design')).toEqual(['1 mention']);
    expect(await seriousViolations(page), 'muted').toEqual([]);
    await expect.poll(() => page.title()).toBe('(1) #general · Serverless Chat'); // the mention asks for the reader, the rest does not
    expect(await notifications(page)).toHaveLength(1); // still only the first

    // A DM notifies without a mention, even from a conversation the other side just opened.
    const dm = await api<Room>('rooms.openDm', { userIds: [bobAuth.user.id] }, ann.token);
    await annSends(dm.id, 'psst, got a minute?');
    await expect.poll(() => notifications(page)).toEqual([
      { title: 'ann in #design', body: '@bob the deadline moved to Friday' },
      { title: 'ann', body: 'psst, got a minute?' },
    ]);
    await setHidden(page, false);
  });

  test('without permission, a prompt offers notifications; "Not now" dismisses it for good', async () => {
    const context = await newContext({ notifications: false });
    const chat = await openTab(context, 'bob, new browser');
    await chat.logIn(bob);
    await chat.waitForLive();
    const prompt = chat.page.getByRole('region', { name: 'Desktop notifications' });
    await prompt.waitFor();
    expect(await seriousViolations(chat.page), 'prompt').toEqual([]);
    expect(await prompt.getByRole('button', { name: 'Turn on' }).isEnabled()).toBe(true);
    await prompt.getByRole('button', { name: 'Not now' }).click();
    await prompt.waitFor({ state: 'detached' });
    await chat.page.reload();
    await chat.waitForLive();
    expect(await prompt.count()).toBe(0);
  });
});
