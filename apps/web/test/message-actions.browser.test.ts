// Message actions in real Chromium against the whole local stack, two people in #general: an
// edit, a delete, reactions, a reply in a thread and a mention each show up live on the other
// side, and a reload keeps them. One story, told in order.
import type { LocalStack } from '@chat/local';
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStackAndBrowser } from './support/browser.ts';
import { type Account, ChatPage } from './support/chat-page.ts';
import './support/provided.ts';

const ann: Account = { email: 'ann.actions@example.com', username: 'ann', password: 'correct horse battery' };
const bob: Account = { email: 'bob.actions@example.com', username: 'bob', password: 'battery staple horse' };

let stack: LocalStack;
let browser: Browser;
const contexts: BrowserContext[] = [];
let annPage: ChatPage;
let bobPage: ChatPage;

async function signedUp(who: string, account: Account): Promise<ChatPage> {
  const context = await browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  const chat = new ChatPage(await context.newPage(), who);
  await chat.page.goto(stack.urls.web!);
  await chat.fillSignUp(account);
  await chat.waitForLive();
  return chat;
}

/** The row of the stored message showing `text`, found again by its id (so it still matches while edited). */
async function rowOf(chat: ChatPage, text: string, within = '.messages__list'): Promise<Locator> {
  const row = chat.page.locator(within).locator('.message[data-message-id]').filter({ has: chat.page.locator('.message__text').getByText(text, { exact: true }) });
  const id = await row.getAttribute('data-message-id');
  return chat.page.locator(`${within} .message[data-message-id="${id}"]`);
}

/** A message's action button (the toolbar shows on hover or focus; it is there either way). */
async function action(row: Locator, name: 'Add a reaction' | 'Reply in a thread' | 'Edit' | 'Delete'): Promise<Locator> {
  await row.hover();
  return row.getByRole('toolbar').getByRole('button', { name, exact: true });
}

const chip = (row: Locator, emoji: string) => row.getByRole('list', { name: 'Reactions' }).getByRole('button', { name: new RegExp(`^${emoji} \\d+$`) });
const thread = (chat: ChatPage) => chat.page.getByRole('complementary', { name: /^Thread/ });
const announced = (chat: ChatPage) => chat.page.getByTestId('announcer').textContent();
/** The focused element: its tag and its name (aria-label, else its <label>, else its text). */
const focused = (chat: ChatPage) =>
  chat.page.evaluate(() => {
    const el = document.activeElement as HTMLElement & { labels?: NodeListOf<HTMLLabelElement> };
    const name = el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent;
    return `${el.tagName.toLowerCase()} ${name?.trim()}`;
  });

beforeAll(async () => {
  ({ stack, browser } = await startStackAndBrowser());
  annPage = await signedUp('ann', ann);
  bobPage = await signedUp('bob', bob);
  await annPage.page.getByRole('list', { name: 'Online in #general' }).getByText('bob').waitFor();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

describe('message actions in Chromium', () => {
  test('an edit shows "(edited)" on both sides; Escape cancels one and gives focus back', async () => {
    await annPage.send('Lunch at noon?');
    await bobPage.message('Lunch at noon?').waitFor();

    const row = await rowOf(annPage, 'Lunch at noon?');
    await (await action(row, 'Edit')).click();
    const editor = row.getByRole('textbox', { name: 'Edit message' });
    expect(await editor.inputValue()).toBe('Lunch at noon?');
    await expect.poll(() => focused(annPage)).toBe('textarea Edit message');
    await editor.fill('never mind');
    await editor.press('Escape');
    await editor.waitFor({ state: 'detached' });
    expect(await row.locator('.message__text').textContent()).toBe('Lunch at noon?');
    await expect.poll(() => focused(annPage)).toBe('button Edit');

    await annPage.page.keyboard.press('Enter'); // the focused Edit button, from the keyboard
    await editor.fill('Lunch at 12:30?');
    await editor.press('Enter');
    await row.locator('.message__text').getByText('Lunch at 12:30?', { exact: true }).waitFor();
    await row.getByText('(edited)').waitFor();
    await expect.poll(() => focused(annPage)).toBe('button Edit');

    const bobRow = bobPage.page.locator(`.messages__list .message[data-message-id="${await row.getAttribute('data-message-id')}"]`);
    await bobRow.getByText('(edited)').waitFor();
    expect(await bobRow.locator('.message__text').textContent()).toBe('Lunch at 12:30?');
    expect(await bobRow.getByText('(edited)').getAttribute('title')).toMatch(/^Edited /);
    expect(await bobPage.messageTexts()).not.toContain('Lunch at noon?');
    await expect.poll(() => announced(bobPage)).toContain('ann edited a message: Lunch at 12:30?');
  });

  test('reactions: a click toggles mine, counts and who reacted show on both sides', async () => {
    const bobRow = await rowOf(bobPage, 'Lunch at 12:30?');
    const annRow = await rowOf(annPage, 'Lunch at 12:30?');
    const react = await action(bobRow, 'Add a reaction');
    await react.click();
    const picker = bobRow.getByRole('group', { name: 'Choose a reaction' });
    await expect.poll(() => focused(bobPage)).toBe('button React with 👍');
    await picker.getByRole('button', { name: 'React with 👍' }).click();
    await picker.waitFor({ state: 'detached' });
    expect(await chip(bobRow, '👍').getAttribute('aria-pressed')).toBe('true');

    await chip(annRow, '👍').waitFor();
    expect(await chip(annRow, '👍').getAttribute('aria-label')).toBe('👍 1');
    expect(await chip(annRow, '👍').getAttribute('aria-pressed')).toBe('false');
    await chip(annRow, '👍').hover();
    await annRow.locator('.reaction__who').getByText('👍 bob').waitFor({ state: 'visible' });

    await chip(annRow, '👍').click(); // Ann joins in
    await expect.poll(() => chip(bobRow, '👍').getAttribute('aria-label')).toBe('👍 2');
    await expect.poll(() => chip(annRow, '👍').getAttribute('aria-pressed')).toBe('true');
    expect(await bobRow.locator('.reaction__who').textContent()).toBe('👍 you and ann');

    await chip(bobRow, '👍').click(); // Bob takes his back
    await expect.poll(() => chip(annRow, '👍').getAttribute('aria-label')).toBe('👍 1');
    expect(await chip(bobRow, '👍').getAttribute('aria-pressed')).toBe('false');
    expect(await annRow.locator('.reaction__who').textContent()).toBe('👍 you');
  });

  test('a reply in a thread: a quote above it, a reply count on the parent, and the thread fills live', async () => {
    const bobRow = await rowOf(bobPage, 'Lunch at 12:30?');
    await (await action(bobRow, 'Reply in a thread')).click();
    const bobThread = thread(bobPage);
    await bobThread.waitFor();
    await expect.poll(() => focused(bobPage)).toBe('textarea Reply in the thread');
    const reply = bobThread.getByRole('textbox', { name: 'Reply in the thread' });
    await reply.fill('Works for me');
    await reply.press('Enter');
    await bobThread.locator('.message__text').getByText('Works for me', { exact: true }).waitFor();

    // Ann: the reply in the room with its quote, and "1 reply" on the parent.
    const annReply = annPage.messageRow('Works for me');
    await annReply.getByRole('button', { name: 'Reply to ann: Lunch at 12:30? (open the thread)' }).waitFor();
    const replies = annPage.messageRow('Lunch at 12:30?').getByRole('button', { name: '1 reply' });
    await replies.click();
    const annThread = thread(annPage);
    await annThread.locator('.message__text').getByText('Works for me', { exact: true }).waitFor();
    const annAnswer = annThread.getByRole('textbox', { name: 'Reply in the thread' });
    await annAnswer.fill('Great, see you');
    await annAnswer.press('Enter');

    // Live in Bob's open thread, and the parent now says 2 replies on both sides.
    await bobThread.locator('.message__text').getByText('Great, see you', { exact: true }).waitFor();
    await bobPage.messageRow('Lunch at 12:30?').getByRole('button', { name: '2 replies' }).waitFor();
    await expect.poll(() => announced(bobPage)).toContain('ann replied in a thread: Great, see you');

    // Escape closes the thread; focus goes back to the button that opened it.
    await annAnswer.press('Escape');
    await annThread.waitFor({ state: 'detached' });
    await expect.poll(() => focused(annPage)).toMatch(/^button \d replies?$/);
    await bobThread.getByRole('button', { name: 'Close the thread' }).click();
    await bobThread.waitFor({ state: 'detached' });
    // Focus goes back to the opener once the panel is gone; a test typing before that would type into it.
    await expect.poll(() => focused(bobPage)).toBe('button Reply in a thread');
  });

  test('@ offers the room’s people; a mention of me is highlighted', async () => {
    await bobPage.composer.pressSequentially('@an');
    const suggestions = bobPage.page.getByRole('listbox', { name: 'People to mention' });
    await suggestions.getByRole('option', { name: 'ann' }).waitFor();
    expect(await suggestions.getByRole('option').count()).toBe(1); // Bob himself is never offered
    await bobPage.composer.press('Enter'); // takes the suggestion, does not send
    expect(await bobPage.composer.inputValue()).toBe('@ann ');
    await bobPage.composer.pressSequentially('the table is booked');
    await bobPage.composer.press('Enter');

    const annRow = annPage.messageRow('@ann the table is booked');
    await annRow.locator('mark.mention--me').getByText('@ann', { exact: true }).waitFor();
    expect(await annRow.getAttribute('class')).toContain('message--mentions-me');
    await bobPage.messageRow('@ann the table is booked').and(bobPage.page.locator('[data-status="sent"]')).waitFor();
    expect(await bobPage.messageRow('@ann the table is booked').locator('mark').count()).toBe(0); // not Bob's own mention
  });

  test('a delete asks first, then leaves "Message deleted" on both sides', async () => {
    await annPage.send('Wrong room, sorry');
    await bobPage.message('Wrong room, sorry').waitFor();
    const row = await rowOf(annPage, 'Wrong room, sorry');
    const remove = await action(row, 'Delete');
    await remove.click();
    const dialog = annPage.page.getByRole('dialog', { name: 'Delete this message?' });
    await dialog.waitFor();
    await expect.poll(() => focused(annPage)).toBe('button Cancel');
    await annPage.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focused(annPage)).toBe('button Delete');

    await annPage.page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => focused(annPage)).toBe('p Message deleted');
    await bobPage.page.locator('.messages__list .message__deleted').getByText('Message deleted').waitFor();
    expect(await bobPage.messageTexts()).not.toContain('Wrong room, sorry');
    await expect.poll(() => announced(bobPage)).toContain('ann deleted a message');
  });

  test('a reload keeps the edit, the reactions, the thread, the mention and the delete', async () => {
    for (const chat of [annPage, bobPage]) {
      await chat.page.reload();
      await chat.waitForLive();
      const parent = chat.messageRow('Lunch at 12:30?');
      await parent.getByText('(edited)').waitFor();
      expect(await chip(parent, '👍').getAttribute('aria-label')).toBe('👍 1');
      await parent.getByRole('button', { name: '2 replies' }).waitFor();
      await chat.messageRow('Works for me').getByRole('button', { name: 'Reply to ann: Lunch at 12:30? (open the thread)' }).waitFor();
      expect(await chat.page.locator('.messages__list .message__deleted').count()).toBe(1);
      expect(await chat.messageTexts()).not.toContain('Wrong room, sorry');
    }
    expect(await annPage.messageRow('@ann the table is booked').locator('mark.mention--me').count()).toBe(1);

    await annPage.messageRow('Lunch at 12:30?').getByRole('button', { name: '2 replies' }).click();
    // The thread's code may still be on its way (it loads apart from the chat's).
    await expect
      .poll(() => thread(annPage).locator('.thread__list .message__text').allTextContents())
      .toEqual(['Lunch at 12:30?', 'Works for me', 'Great, see you']);
  });

  test('markup in an edit is shown as text, and nothing threw in either page', async () => {
    await annPage.page.keyboard.press('Escape'); // the thread from the last test
    await thread(annPage).waitFor({ state: 'detached' });
    await annPage.send('plain');
    const row = await rowOf(annPage, 'plain');
    await (await action(row, 'Edit')).click();
    const markup = '<img src=x onerror="alert(1)"><b>bold</b>';
    await row.getByRole('textbox', { name: 'Edit message' }).fill(markup);
    await row.getByRole('textbox', { name: 'Edit message' }).press('Enter');
    await bobPage.message(markup).waitFor();
    expect(await bobPage.page.locator('.messages__list img, .messages__list b').count()).toBe(0);
    expect([...annPage.problems, ...bobPage.problems]).toEqual([]);
  });
});
