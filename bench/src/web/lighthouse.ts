// Lighthouse's default run (mobile: a mid-range phone's screen, slow 4G and a 4× slower CPU,
// simulated), performance only, of one URL, signed in. Lighthouse clears the origin's caches
// before it loads the page but not its localStorage, where the app keeps the session: that is
// put there first, from a same-origin page that loads none of the app's files.
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import type { DebuggableChromium } from './chromium.ts';

export interface LighthouseFigures {
  score: number;
  tbtMs: number;
  lcpMs: number;
  fcpMs: number;
}

/** The app's stored session (apps/web/src/session/session-store.ts), written into the browser's localStorage for `origin`. */
export async function storeSession(browser: DebuggableChromium, origin: string, key: string, value: string): Promise<void> {
  const connected = await chromium.connectOverCDP(`http://127.0.0.1:${browser.port}`);
  try {
    const page = await connected.contexts()[0]!.newPage();
    await page.goto(`${origin}/config.json`);
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, value] as const);
    await page.close();
  } finally {
    await connected.close();
  }
}

export async function runLighthouse(browser: DebuggableChromium, url: string): Promise<LighthouseFigures> {
  const result = await lighthouse(url, {
    port: browser.port,
    hostname: '127.0.0.1',
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
  });
  const lhr = result?.lhr;
  if (!lhr) throw new Error(`Lighthouse gave no result for ${url}`);
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const score = lhr.categories.performance?.score;
  const audit = (id: string) => {
    const value = lhr.audits[id]?.numericValue;
    if (value === undefined) throw new Error(`Lighthouse has no ${id} for ${url}`);
    return value;
  };
  if (score === null || score === undefined) throw new Error(`Lighthouse could not score ${url}`);
  return { score: score * 100, tbtMs: audit('total-blocking-time'), lcpMs: audit('largest-contentful-paint'), fcpMs: audit('first-contentful-paint') };
}
