// Accessibility in real Chromium against the whole local stack: axe-core on every screen at a
// desktop width and at 375 px, where focus goes when the screen changes, the phone drawer's focus
// trap, tap target sizes and what a touch screen is (not) told.
import type { LocalStack } from '@chat/local';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { startStackAndBrowser } from './support/browser.ts';
import { type Account, ChatPage } from './support/chat-page.ts';
import './support/provided.ts';

const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const phone: BrowserContextOptions = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true };
const MIN_TAP_PX = 44;

let stack: LocalStack;
let browser: Browser;
let accounts = 0;

beforeAll(async () => {
  ({ stack, browser } = await startStackAndBrowser());
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function open(options: BrowserContextOptions): Promise<ChatPage> {
  const context = await browser.newContext({ reducedMotion: 'reduce', ...options });
  context.setDefaultTimeout(10_000);
  const chat = new ChatPage(await context.newPage(), 'a11y');
  await chat.page.goto(stack.urls.web!);
  await chat.page.getByRole('heading', { name: 'Welcome back' }).waitFor();
  return chat;
}

function newAccount(): Account {
  const n = ++accounts;
  return { email: `a11y${n}@example.com`, username: `a11y_${n}`, password: 'a long enough password' };
}

/** Visible buttons, links and fields smaller than a finger (inline links in message text excepted). */
function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, a[href], input, textarea, select, [role="button"]')) {
      if (el.closest('.message__text') || el.closest('[inert]')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.classList.contains('sr-only') || el.classList.contains('skip-link')) continue; // shown only when focused
      if (box.width < min || box.height < min) {
        small.push(`${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim()}" ${Math.round(box.width)}x${Math.round(box.height)}`);
      }
    }
    return small;
  }, MIN_TAP_PX);
}

/** The row of one's own message once stored, found by its id (its text shows in reply quotes too). */
async function sentRow(chat: ChatPage, text: string) {
  const row = chat.page.locator('.messages__list .message[data-status="sent"]').filter({ has: chat.page.locator('.message__text').getByText(text, { exact: true }) });
  return chat.page.locator(`.messages__list .message[data-message-id="${await row.getAttribute('data-message-id')}"]`);
}

const activeElement = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${el.getAttribute('aria-label') ?? el.getAttribute('name') ?? el.textContent?.trim()}` : null;
  });

describe('accessibility', () => {
  for (const [name, options] of [
    ['desktop', desktop],
    ['375 px', phone],
  ] as const) {
    test(`axe finds nothing serious on login, signup and chat (${name})`, async () => {
      const chat = await open(options);
      const { page } = chat;
      expect(await seriousViolations(page), 'login').toEqual([]);

      await page.getByRole('button', { name: 'Sign up', exact: true }).click();
      await page.getByRole('form', { name: 'Sign up' }).waitFor();
      expect(await seriousViolations(page), 'signup').toEqual([]);
      await chat.fillSignUp({ email: 'nope', username: 'a!', password: 'short' }); // the field errors too
      await page.locator('.field__error').first().waitFor();
      expect(await seriousViolations(page), 'signup with errors').toEqual([]);

      await chat.fillSignUp(newAccount());
      await chat.waitForLive();
      const text = `A message, so that rows, times and avatars are on the page (${name})`;
      await chat.send(text);
      await chat.messageRow(text).and(page.locator('[data-status="sent"]')).waitFor();
      expect(await seriousViolations(page), 'chat').toEqual([]);

      if (options === phone) {
        await page.getByRole('button', { name: /^Rooms/ }).click();
        await page.getByRole('navigation', { name: 'Rooms' }).waitFor();
        expect(await seriousViolations(page), 'chat with the drawer open').toEqual([]);
      }
      await page.context().close();
    });
  }

  test('focus lands on the composer after sign-up and login, on the first field after logout', async () => {
    const chat = await open(desktop);
    const { page } = chat;
    const account = newAccount();
    await chat.fillSignUp(account);
    await chat.waitForLive();
    await expect.poll(() => activeElement(page)).toMatch(/^textarea#composer\b/);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('form', { name: 'Log in' }).waitFor();
    await expect.poll(() => activeElement(page)).toMatch(/^input#\S+ email$/);

    // An empty password is named as such, next to its field.
    const form = page.getByRole('form', { name: 'Log in' });
    await form.getByLabel('Email').fill(account.email);
    await form.getByRole('button', { name: 'Log in' }).click();
    await form.getByText('Enter your password.').waitFor();
    await expect.poll(() => activeElement(page)).toMatch(/^input#\S+ password$/); // the field to fix has focus

    await chat.logIn(account);
    await chat.waitForLive();
    await expect.poll(() => activeElement(page)).toMatch(/^textarea#composer\b/);
    expect(chat.problems).toEqual([]);
    await page.context().close();
  });

  test('at 375 px: focus on the room heading after login; the drawer keeps Tab inside and gives focus back', async () => {
    const account = newAccount();
    const signup = await open(desktop);
    await signup.fillSignUp(account);
    await signup.waitForLive();
    await signup.page.context().close();

    const chat = await open(phone);
    const { page } = chat;
    await chat.logIn(account);
    await chat.waitForLive();
    // Not the composer: on a phone that would open the keyboard over the room.
    await expect.poll(() => activeElement(page)).toBe('h1 #general');

    const toggle = page.getByRole('button', { name: /^Rooms/ });
    await toggle.click();
    const drawer = page.getByRole('complementary', { name: 'Rooms and people' });
    await page.getByRole('navigation', { name: 'Rooms' }).waitFor();
    expect(await page.locator('aside[role="dialog"], [role="dialog"] > aside').count()).toBe(0);
    await expect.poll(() => drawer.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    const stops = await drawer.evaluate((el) => el.querySelectorAll('button:not([disabled]), a[href], input').length);
    for (let i = 0; i < stops + 2; i++) {
      await page.keyboard.press('Tab');
      expect(await drawer.evaluate((el) => el.contains(document.activeElement)), `Tab ${i + 1}: ${await activeElement(page)}`).toBe(true);
    }
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await drawer.evaluate((el) => el.contains(document.activeElement)), `Shift+Tab ${i + 1}`).toBe(true);
    }

    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Rooms' }).waitFor({ state: 'hidden' });
    await expect.poll(() => activeElement(page)).toMatch(/^button Rooms/);

    // Closed with its own button, the drawer gives focus back too.
    await toggle.click();
    await page.getByRole('button', { name: 'Close the room list' }).click();
    await page.getByRole('navigation', { name: 'Rooms' }).waitFor({ state: 'hidden' });
    await expect.poll(() => activeElement(page)).toMatch(/^button Rooms/);
    expect(chat.problems).toEqual([]);
    await page.context().close();
  });

  test('at 375 px every tap target is at least 44 px, and no Shift+Enter hint is shown to a touch screen', async () => {
    const chat = await open(phone);
    const { page } = chat;
    expect(await smallTapTargets(page), 'login').toEqual([]);
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    expect(await smallTapTargets(page), 'signup').toEqual([]);

    await chat.fillSignUp(newAccount());
    await chat.waitForLive();
    await chat.send('Tap, tap');
    await chat.messageRow('Tap, tap').and(page.locator('[data-status="sent"]')).waitFor();
    expect(await smallTapTargets(page), 'chat').toEqual([]);
    expect(await page.locator('.composer__hint').textContent()).not.toMatch(/Shift/);
    expect(await page.getByText(/Shift\+Enter/).count()).toBe(0);

    await page.getByRole('button', { name: /^Rooms/ }).click();
    await page.getByRole('navigation', { name: 'Rooms' }).waitFor();
    await page.getByRole('button', { name: 'Create a room' }).click();
    await page.getByRole('textbox', { name: 'Room name' }).waitFor();
    expect(await smallTapTargets(page), 'drawer').toEqual([]);
    await page.context().close();
  });

  for (const [name, options] of [
    ['desktop', desktop],
    ['375 px', phone],
  ] as const) {
    test(`message actions: axe finds nothing serious with the picker, the editor, the dialog and the thread open; 44 px targets on a phone (${name})`, async () => {
      const chat = await open(options);
      const { page } = chat;
      const account = newAccount();
      await chat.fillSignUp(account);
      await chat.waitForLive();
      const text = `Something to act on (${name})`;
      await chat.send(text);
      const row = await sentRow(chat, text);
      const toolbarButton = async (label: string) => {
        // A touch screen opens the toolbar from its own button first.
        const more = row.getByRole('button', { name: 'Message actions' });
        if (options === phone && (await more.getAttribute('aria-expanded')) !== 'true') await more.click();
        return row.getByRole('toolbar').getByRole('button', { name: label, exact: true });
      };
      const check = async (what: string) => {
        expect(await seriousViolations(page), what).toEqual([]);
        if (options === phone) expect(await smallTapTargets(page), what).toEqual([]);
      };

      await (await toolbarButton('Add a reaction')).click();
      await row.getByRole('group', { name: 'Choose a reaction' }).waitFor();
      await check('reaction picker open');
      await row.getByRole('button', { name: 'React with 🎉' }).click();
      await row.getByRole('button', { name: '🎉 1' }).waitFor();
      await check('with a reaction');

      await (await toolbarButton('Edit')).click();
      await row.getByRole('textbox', { name: 'Edit message' }).waitFor();
      await check('edit mode');
      await page.keyboard.press('Escape');

      await (await toolbarButton('Delete')).click();
      await page.getByRole('dialog', { name: 'Delete this message?' }).waitFor();
      await check('delete dialog');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      await (await toolbarButton('Reply in a thread')).click();
      const thread = page.getByRole('complementary', { name: /^Thread/ });
      await thread.waitFor();
      await thread.getByRole('textbox', { name: 'Reply in the thread' }).fill('A reply');
      await thread.getByRole('textbox', { name: 'Reply in the thread' }).press('Enter');
      await thread.locator('.message[data-status="sent"]').filter({ hasText: 'A reply' }).waitFor();
      await check('thread panel');
      await thread.getByRole('button', { name: 'Close the thread' }).click();
      await thread.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: `Reply to ${account.username}: ${text} (open the thread)` }).waitFor();
      await check('a reply with its quote, and a reply count');
      expect(chat.problems).toEqual([]);
      await page.context().close();
    });
  }

  test('message actions from the keyboard alone: one Tab stop per message, arrows inside, focus comes back', async () => {
    const chat = await open(desktop);
    const { page } = chat;
    await chat.fillSignUp(newAccount());
    await chat.waitForLive();
    await chat.send('Keyboard only');
    const row = await sentRow(chat, 'Keyboard only');

    // The room is shared with the other tests: start from the composer, below the newest message (this one).
    await chat.composer.focus();
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => activeElement(page)).toBe('button Add a reaction');
    expect(await row.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    const toolbar = row.getByRole('toolbar', { name: /^Message from You/ });
    expect(await toolbar.evaluate((el) => getComputedStyle(el).opacity)).toBe('1'); // shown while focused

    // The picker: opens with focus on its first emoji, arrows move, Escape gives focus back.
    await page.keyboard.press('Enter');
    await expect.poll(() => activeElement(page)).toBe('button React with 👍');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => activeElement(page)).toBe('button React with ❤️');
    await page.keyboard.press('Escape');
    await expect.poll(() => activeElement(page)).toBe('button Add a reaction');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // 👍
    await row.getByRole('button', { name: '👍 1' }).waitFor();
    await expect.poll(() => activeElement(page)).toBe('button Add a reaction');

    // Who reacted shows on keyboard focus, not only on hover.
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => activeElement(page)).toBe('button 👍 1');
    expect(await row.getByRole('button', { name: '👍 1' }).getAttribute('aria-pressed')).toBe('true');
    await row.getByRole('tooltip').getByText('👍 you').waitFor({ state: 'visible' });
    await page.keyboard.press('Tab');

    // Arrows walk the toolbar (and wrap); Tab leaves it in one step.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => activeElement(page)).toBe('button Reply in a thread');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => activeElement(page)).toBe('button Edit');
    await page.keyboard.press('Enter');
    await expect.poll(() => activeElement(page)).toBe('textarea Edit message');
    await page.keyboard.press('Escape');
    await expect.poll(() => activeElement(page)).toBe('button Edit');
    await page.keyboard.press('End');
    await expect.poll(() => activeElement(page)).toBe('button Delete');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => activeElement(page)).toBe('button Add a reaction');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete this message?' });
    await dialog.waitFor();
    await expect.poll(() => activeElement(page)).toBe('button Cancel');
    // Modal: the page behind is inert, so Tab stays in the dialog (or goes out to the browser itself, never to the page).
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      const where = await dialog.evaluate((el) => el.contains(document.activeElement) || document.activeElement === document.body);
      expect(where, `Tab ${i + 1}: ${await activeElement(page)}`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => activeElement(page)).toBe('button Delete');
    await page.keyboard.press('Tab');
    await expect.poll(() => activeElement(page)).toMatch(/^textarea#composer\b/); // one message, one stop: then the composer

    // The thread: opens from the toolbar, Escape closes it and focus goes back to the toolbar.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => activeElement(page)).toBe('textarea#thread-composer ');
    await page.keyboard.press('Escape');
    await page.getByRole('complementary', { name: /^Thread/ }).waitFor({ state: 'detached' });
    await expect.poll(() => activeElement(page)).toBe('button Reply in a thread');
    expect(chat.problems).toEqual([]);
    await page.context().close();
  });

  test('a desktop with a mouse is told about Shift+Enter', async () => {
    const chat = await open(desktop);
    await chat.fillSignUp(newAccount());
    await chat.waitForLive();
    expect(await chat.page.locator('.composer__hint').textContent()).toBe('Enter to send · Shift+Enter for a new line');
    await chat.page.context().close();
  });
});
