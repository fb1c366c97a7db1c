// The login and signup throttles as a person meets them, against the whole local stack with the
// production figures: the forms say how long to wait.
import { authThrottlePolicies, type LocalStack, startLocalStack } from '@chat/local';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { mutateApi } from './support/api.ts';
import { launchChromium } from './support/browser.ts';
import { ChatPage } from './support/chat-page.ts';
import './support/provided.ts';

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startLocalStack({
      dataDir: null,
      ports: { dynamodb: 0, api: 0, ws: 0, web: 0 },
      webDir: inject('webDist'),
      throttlePolicies: authThrottlePolicies,
    }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openApp(): Promise<Page> {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(stack.urls.web!);
  return page;
}

test('the sixth wrong password: the login form says to try again in 15 min, and the right one is refused meanwhile', async () => {
  const account = { email: 'locked@throttle.example', username: 'locked', password: 'correct horse battery' };
  await mutateApi(stack.urls.api, 'auth.signup', account);
  const chat = new ChatPage(await openApp(), account.username);
  const alert = chat.page.getByRole('form', { name: 'Log in' }).getByRole('alert');
  // Each answer awaited, so that the alert read is the one of this attempt.
  const attempt = async (password: string) => {
    const answered = chat.page.waitForResponse((r) => r.url().includes('/auth.login'));
    await chat.logIn({ email: account.email, password });
    expect([401, 429]).toContain((await answered).status());
  };
  for (let i = 1; i <= 5; i++) {
    await attempt(`wrong password ${i}`);
    await expect.poll(() => alert.textContent()).toBe('Email or password is incorrect');
  }
  await attempt('wrong password 6');
  await expect.poll(() => alert.textContent()).toBe('Too many attempts: try again in 15 min.');
  await attempt(account.password);
  await expect.poll(() => alert.textContent()).toMatch(/^Too many attempts: try again in 1[45] min\.$/);
  await chat.page.context().close();
});

test('the sixth signup from one address in an hour: the signup form says to try again in 60 min', async () => {
  // The first test signed up one account from this address (127.0.0.1): four more are let through.
  for (let i = 0; i < 4; i++) {
    await mutateApi(stack.urls.api, 'auth.signup', { email: `s${i}@throttle.example`, username: `signup${i}`, password: 'correct horse battery' });
  }
  const chat = new ChatPage(await openApp(), 'sixth');
  await chat.fillSignUp({ email: 'sixth@throttle.example', username: 'sixth', password: 'correct horse battery' });
  const alert = chat.page.getByRole('form', { name: 'Sign up' }).getByRole('alert');
  await expect.poll(() => alert.textContent()).toBe('Too many attempts: try again in 60 min.');
  await chat.page.context().close();
});
