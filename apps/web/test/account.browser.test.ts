// Tickets, a password change and logging out everywhere in real Chromium against the whole
// local stack: the page's WebSockets carry single-use tickets, never the token.
import type { LocalStack } from '@chat/local';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { callApi } from './support/api.ts';
import { startStackAndBrowser } from './support/browser.ts';
import { type Account, ChatPage } from './support/chat-page.ts';
import './support/provided.ts';

const cy: Account = { email: 'cy@example.com', username: 'cyrus', password: 'correct horse battery' };
const newPassword = 'a brand new passphrase';

let stack: LocalStack;
let browser: Browser;
const contexts: BrowserContext[] = [];
let chat: ChatPage;
/** Every WebSocket URL the page opened, in order. */
const socketUrls: string[] = [];

const sessionToken = () => chat.page.evaluate(() => (JSON.parse(localStorage.getItem('chat.session')!) as { token: string }).token);
const statusOf = async (token: string) => (await callApi(`${stack.urls.api}`, 'auth.wsTicket', {}, { token })).status;

beforeAll(async () => {
  ({ stack, browser } = await startStackAndBrowser());
  const context = await browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  chat = new ChatPage(await context.newPage(), 'cy');
  chat.page.on('websocket', (ws) => socketUrls.push(ws.url()));
  await chat.page.goto(stack.urls.web!);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

describe('tickets and the account', () => {
  test('the page connects with ?ticket=, never with the token in the URL', async () => {
    await chat.fillSignUp(cy);
    await chat.waitForLive();
    expect(socketUrls).toHaveLength(1);
    const url = new URL(socketUrls[0]!);
    expect(url.searchParams.get('ticket')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.has('token')).toBe(false);
    expect(socketUrls[0]).not.toContain(await sessionToken());
  });

  test('a password change from the keyboard: a wrong current one is pointed at; then a fresh session, the old token refused', async () => {
    const { page } = chat;
    const oldToken = await sessionToken();
    await page.getByRole('button', { name: 'Account' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Account' });
    await dialog.waitFor();
    const form = dialog.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password').fill(newPassword);
    await form.getByLabel('New password').press('Enter');
    await form.getByText('The current password is incorrect').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('currentPassword');

    await form.getByLabel('Current password').fill(cy.password);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(sessionToken).not.toBe(oldToken);
    await chat.waitForLive();
    // The chat started again on the new token, with a new ticket.
    expect(socketUrls).toHaveLength(2);
    expect(new URL(socketUrls[1]!).searchParams.has('ticket')).toBe(true);
    expect(await statusOf(oldToken)).toBe(401);
    expect(await statusOf(await sessionToken())).toBe(200);
  });

  test('log out everywhere: back at the login screen, the token refused; the new password logs in', async () => {
    const { page } = chat;
    const token = await sessionToken();
    await page.getByRole('button', { name: 'Account' }).click();
    await page.getByRole('dialog', { name: 'Account' }).getByRole('button', { name: 'Log out everywhere' }).click();
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('chat.session'))).toBeNull();
    expect(await statusOf(token)).toBe(401);

    await chat.logIn({ email: cy.email, password: newPassword });
    await chat.waitForLive();
    expect(socketUrls.every((u) => new URL(u).searchParams.has('ticket') && !new URL(u).searchParams.has('token'))).toBe(true);
    expect(chat.problems).toEqual([]);
  });
});
