// Rooms in real Chromium against the whole local stack: three people. Ann makes a private room
// and invites Bob, who sees it appear without reloading and chats in it; Cat can neither find it
// nor open it. Direct messages appear live on the other side; a rename, an archive and a leave
// reach everyone concerned without a reload.
import type { LocalStack } from '@chat/local';
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { startStackAndBrowser } from './support/browser.ts';
import { type Account, ChatPage } from './support/chat-page.ts';
import './support/provided.ts';
import { type ApiAnswer, callApi } from './support/api.ts';

const ann: Account = { email: 'ann@rooms.example', username: 'ann', password: 'correct horse battery' };
const bob: Account = { email: 'bob@rooms.example', username: 'bob', password: 'battery staple horse' };
const cat: Account = { email: 'cat@rooms.example', username: 'cat', password: 'staple horse battery' };

let stack: LocalStack;
let browser: Browser;
const contexts: BrowserContext[] = [];
let annPage: ChatPage;
let bobPage: ChatPage;
let catPage: ChatPage;
/** The private room's id, from Ann's address bar once she made it. */
let secretId: string;

async function signedUp(account: Account): Promise<ChatPage> {
  const context = await browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  const chat = new ChatPage(await context.newPage(), account.username);
  await chat.page.goto(stack.urls.web!);
  await chat.fillSignUp(account);
  await chat.waitForLive();
  return chat;
}

const heading = (chat: ChatPage, name: string) => chat.page.getByRole('heading', { level: 1, name, exact: true });
const channels = (chat: ChatPage) => chat.page.getByRole('list', { name: 'Channels' });
const directMessages = (chat: ChatPage) => chat.page.getByRole('list', { name: 'Direct messages' });
/** A DM's link by its title (its people), with or without an unread badge. */
const dmButton = (chat: ChatPage, title: string) =>
  directMessages(chat).getByRole('button', { name: new RegExp(`^${title}(?:\\s*\\d+ unread)?$`) });

/** The open room's details dialog. */
async function openDetails(chat: ChatPage): Promise<Locator> {
  await chat.page.getByRole('button', { name: /^Details of / }).click();
  const dialog = chat.page.getByRole('dialog');
  await dialog.waitFor();
  return dialog;
}

async function createRoom(chat: ChatPage, name: string, options: { kind?: 'Public' | 'Private'; topic?: string } = {}): Promise<void> {
  const { page } = chat;
  await page.getByRole('button', { name: 'Create a room' }).click();
  const form = page.getByRole('form', { name: 'Create a room' });
  await form.getByRole('textbox', { name: 'Room name' }).fill(name);
  if (options.topic) await form.getByRole('textbox', { name: 'Topic (optional)' }).fill(options.topic);
  if (options.kind) await form.getByRole('button', { name: options.kind, exact: true }).click();
  await form.getByRole('textbox', { name: 'Room name' }).press('Enter');
}

/** A tRPC call over plain HTTP with the page's session, as any client could make it: the status and the body. */
async function call(chat: ChatPage, path: string, input: unknown, method: 'GET' | 'POST' = 'GET'): Promise<ApiAnswer> {
  const { token } = await chat.page.evaluate(() => JSON.parse(localStorage.getItem('chat.session')!) as { token: string });
  return callApi(stack.urls.api, path, input, { token, method });
}

beforeAll(async () => {
  ({ stack, browser } = await startStackAndBrowser());
  [annPage, bobPage, catPage] = await Promise.all([signedUp(ann), signedUp(bob), signedUp(cat)]);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

describe('rooms in Chromium', () => {
  test('a public channel can be browsed and joined; a name taken under another case is refused at its field', async () => {
    await createRoom(annPage, 'lobby', { topic: 'Say hi' });
    await heading(annPage, 'lobby').waitFor();
    await annPage.page.locator('.room-header__topic').getByText('Say hi', { exact: true }).waitFor();

    await createRoom(annPage, 'Lobby');
    const nameField = annPage.page.getByRole('textbox', { name: 'Room name' });
    await expect.poll(() => nameField.getAttribute('aria-invalid')).toBe('true');
    const error = annPage.page.getByRole('form', { name: 'Create a room' }).getByRole('alert');
    expect((await error.textContent())?.trim()).not.toBe(''); // the server's CONFLICT sentence, at the field
    expect(await nameField.inputValue()).toBe('Lobby'); // nothing typed is lost
    await annPage.page.getByRole('button', { name: 'Cancel' }).click();

    const { page } = catPage;
    await page.getByRole('button', { name: 'Browse channels' }).click();
    const dialog = page.getByRole('dialog', { name: 'Browse channels' });
    await dialog.getByRole('list', { name: 'Public channels' }).waitFor();
    expect(await seriousViolations(page), 'browse dialog').toEqual([]);
    await dialog.getByRole('button', { name: 'Join #lobby' }).click();
    await heading(catPage, 'lobby').waitFor();
    await catPage.roomButton('lobby').waitFor();
    await catPage.send('Hello lobby');
    await annPage.openRoom('lobby');
    await annPage.message('Hello lobby').waitFor();
  });

  test('Ann makes a private room and invites Bob: it appears in his sidebar live, and they chat', async () => {
    await createRoom(annPage, 'secret-plans', { kind: 'Private', topic: 'Q3 roadmap' });
    await heading(annPage, 'secret-plans').waitFor();
    secretId = decodeURIComponent(new URL(annPage.page.url()).pathname.split('/').pop()!);
    // Marked private in the list, in words as well as with the lock.
    await channels(annPage).getByRole('button', { name: /^secret-plans\s*\(private\)$/ }).waitFor();

    const details = await openDetails(annPage);
    await details.getByRole('searchbox', { name: 'Find people to invite' }).fill('bo');
    await details.getByRole('button', { name: 'Invite bob' }).click();
    await details.getByText('bob is now a member.').waitFor();
    await details.getByRole('list', { name: 'Members' }).getByText('bob').waitFor();
    expect(await seriousViolations(annPage.page), 'room details dialog').toEqual([]);
    await annPage.page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });

    await bobPage.roomButton('secret-plans').waitFor(); // no reload: the `room` frame
    await bobPage.openRoom('secret-plans');
    await bobPage.page.locator('.room-header__topic').getByText('Q3 roadmap').waitFor();
    await bobPage.send('Thanks for the invite');
    await annPage.message('Thanks for the invite').waitFor();
    await annPage.send('Welcome, Bob');
    await bobPage.message('Welcome, Bob').waitFor();
  });

  test('Cat can neither find the private room (browse, the API) nor open it (its address shows a not-found state)', async () => {
    const { page } = catPage;
    await page.getByRole('button', { name: 'Browse channels' }).click();
    const dialog = page.getByRole('dialog', { name: 'Browse channels' });
    await dialog.getByRole('button', { name: 'Open #lobby' }).waitFor(); // loaded, and lobby is hers
    expect(await dialog.getByText('secret-plans').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Done' }).click();

    const browse = await call(catPage, 'rooms.browse', {});
    expect(JSON.stringify(browse.body)).not.toContain('secret-plans');
    const history = await call(catPage, 'messages.list', { roomId: secretId });
    expect(history.status).toBe(404);
    const join = await call(catPage, 'rooms.join', { roomId: secretId }, 'POST');
    expect(join.status).toBe(404); // its existence is not revealed

    await page.goto(`${stack.urls.web}/rooms/${encodeURIComponent(secretId)}`);
    await catPage.waitForLive();
    await heading(catPage, 'Room not found').waitFor();
    await page.getByText('It does not exist, or it is private and you are not a member.', { exact: false }).waitFor();
    expect(await catPage.composer.count()).toBe(0);
    expect(await page.getByText('Welcome, Bob').count()).toBe(0);
    expect(await channels(catPage).getByText('secret-plans').count()).toBe(0);
    expect(await seriousViolations(page), 'not found').toEqual([]);
    await page.getByRole('button', { name: 'Go to #general' }).click();
    await heading(catPage, 'general').waitFor();
  });

  test('a DM from an author’s name appears live for the other side; a new-message DM for everyone in it', async () => {
    // Bob, in the private room, starts a DM from Ann's name on her message.
    const row = bobPage.messageRow('Welcome, Bob');
    await row.getByRole('button', { name: 'ann', exact: true }).click();
    await bobPage.page.getByRole('button', { name: 'Message ann' }).click();
    await heading(bobPage, 'ann').waitFor();
    await bobPage.page.getByRole('textbox', { name: 'Message ann', exact: true }).waitFor(); // a DM is its people, not a #name
    await bobPage.send('Psst, a quick question');
    await dmButton(annPage, 'bob').click(); // appeared without a reload: the `room` frame
    await heading(annPage, 'bob').waitFor();
    await annPage.message('Psst, a quick question').waitFor();

    // Cat starts one with Ann and Bob from the dialog: it appears for both.
    const { page } = catPage;
    await page.getByRole('button', { name: 'New message' }).click();
    const dialog = page.getByRole('dialog', { name: 'New message' });
    const search = dialog.getByRole('searchbox', { name: 'Add people' });
    await search.fill('an');
    await dialog.getByRole('button', { name: 'Add ann' }).click();
    await search.fill('bo');
    await dialog.getByRole('button', { name: 'Add bob' }).click();
    await dialog.getByRole('list', { name: 'People in the message' }).getByText('bob').waitFor();
    expect(await seriousViolations(page), 'new message dialog').toEqual([]);
    await dialog.getByRole('button', { name: 'Start the conversation' }).click();
    await heading(catPage, 'ann, bob').waitFor();
    await catPage.send('Lunch, all three of us?');
    for (const [chat, title] of [
      [annPage, 'bob, cat'],
      [bobPage, 'ann, cat'],
    ] as const) {
      await dmButton(chat, title).click();
      await chat.message('Lunch, all three of us?').waitFor();
    }
  });

  test('the creator renames and archives the room: Bob sees both live; then Bob leaves it', async () => {
    await annPage.openRoom('secret-plans');
    const details = await openDetails(annPage);
    const form = details.getByRole('form', { name: 'Room settings' });
    await form.getByRole('textbox', { name: 'Name' }).fill('plans');
    await form.getByRole('textbox', { name: 'Topic' }).fill('Q4 roadmap');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Saved.').waitFor();
    await form.getByRole('button', { name: 'Archive' }).click();
    await form.getByRole('button', { name: 'Unarchive' }).waitFor();
    await annPage.page.keyboard.press('Escape');

    await bobPage.openRoom('plans'); // renamed in his list without a reload
    await bobPage.page.locator('.room-header__topic').getByText('Q4 roadmap').waitFor();
    await channels(bobPage).getByRole('button', { name: /^plans\s*\(private\)\s*archived/ }).waitFor();
    await expect.poll(() => bobPage.composer.isDisabled()).toBe(true);
    await bobPage.page.getByText('This room is archived: it is read-only.').first().waitFor();

    const bobDetails = await openDetails(bobPage);
    expect(await bobDetails.getByRole('form', { name: 'Room settings' }).count()).toBe(0); // the creator's only
    await bobDetails.getByRole('button', { name: 'Leave #plans' }).click();
    await bobDetails.getByRole('button', { name: 'Leave the room' }).click();
    await heading(bobPage, 'general').waitFor();
    expect(new URL(bobPage.page.url()).pathname).toBe('/rooms/general');
    await expect.poll(() => channels(bobPage).getByText('plans').count()).toBe(0);
    // general cannot be left: no way offered.
    const generalDetails = await openDetails(bobPage);
    await generalDetails.getByRole('list', { name: 'Members' }).waitFor();
    expect(await generalDetails.getByRole('button', { name: /^Leave/ }).count()).toBe(0);
  });

  test('nothing threw in any page and no dialog opened', () => {
    expect([...annPage.problems, ...bobPage.problems, ...catPage.problems]).toEqual([]);
  });
});
