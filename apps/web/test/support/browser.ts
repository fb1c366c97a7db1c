// Debian's Chromium through playwright-core: one headless browser for the test file, beside the
// real local stack serving the built web app.
import { actionBudgets, authThrottlePolicies, startLocalStack, type LocalStack } from '@chat/local';
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Every request of these tests comes from 127.0.0.1, and a file signs up to 8 users: more
 * signups and logins an address; the per-account limit stays as in production.
 */
const throttlePolicies = {
  ...authThrottlePolicies,
  signupAddress: { max: 100, windowMs: 3_600_000 },
  loginAddress: { max: 200, windowMs: 60_000 },
};

/** The tests seed rooms of up to 300 messages from one user over a socket: far more sends a second than a person. */
const wsActionBudgets = { ...actionBudgets, sendMessage: { perSecond: 200, burst: 400, shared: true } };

/** What every browser test file starts: the whole stack in memory on free ports, serving the web build, and Chromium. */
export async function startStackAndBrowser(): Promise<{ stack: LocalStack; browser: Browser }> {
  const webDir = inject('webDist');
  if (!webDir) throw new Error('run these tests with apps/web/vitest.config.ts: its globalSetup builds the web app');
  const [stack, browser] = await Promise.allSettled([
    startLocalStack({ dataDir: null, ports: { dynamodb: 0, api: 0, ws: 0, web: 0 }, webDir, throttlePolicies, actionBudgets: wsActionBudgets }),
    launchChromium(),
  ]);
  if (stack.status === 'fulfilled' && browser.status === 'fulfilled') return { stack: stack.value, browser: browser.value };
  // One of them failed: the other is stopped here, or its DynamoDB Local (Java) outlives the run.
  if (stack.status === 'fulfilled') await stack.value.stop();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw stack.status === 'rejected' ? stack.reason : (browser as PromiseRejectedResult).reason;
}
