// What one browser tab measures in the chat with one room fully loaded: switching back to that
// room at 4× CPU throttle (click -> list painted, and the long tasks it costs), the DOM size,
// and the long tasks of an idle minute (the relative-time tick).
import type { Browser, Page } from 'playwright-core';

export interface BenchRoom {
  id: string;
  name: string;
  /** The text of its newest message (it is on screen once the room is shown). */
  lastText: string;
  /** Its first message's text contains this. */
  firstMarker: string;
}

export interface SwitchFigures {
  /** From the pointer going down on the room's button to the frame that shows its newest message. */
  toPaintedMs: number;
  /** Long tasks (> 50 ms) from that click until 1 s after the paint, added up, and the longest. */
  longTasksMs: number;
  longestTaskMs: number;
  domElements: number;
}

export interface IdleFigures {
  seconds: number;
  /** Long tasks (> 50 ms) while nothing happens but the app's own timers. */
  count: number;
  longestMs: number;
  totalMs: number;
}

export interface PageFigures {
  switches: SwitchFigures[];
  idle: IdleFigures | null;
}

const desktop = { width: 1280, height: 800 };

/** In the page: collects long tasks into `window.__benchLongTasks`. */
function observeLongTasks(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { __benchLongTasks: { startTime: number; duration: number }[]; __benchObserver?: PerformanceObserver };
    w.__benchObserver?.disconnect();
    w.__benchLongTasks = [];
    w.__benchObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__benchLongTasks.push({ startTime: e.startTime, duration: e.duration });
    });
    w.__benchObserver.observe({ type: 'longtask' });
  });
}

/** Scrolls to the bottom until the room's newest message is on screen (a virtual list may take more than one try). */
async function goToBottom(page: Page, room: BenchRoom): Promise<void> {
  await page.waitForFunction(
    ({ label, lastText }) => {
      const el = document.querySelector(`[role="region"][aria-label="${label}"]`);
      if (!el) return false;
      el.scrollTop = el.scrollHeight;
      return el.textContent?.includes(lastText) && el.scrollHeight - el.scrollTop - el.clientHeight < 2;
    },
    { label: `Messages in #${room.name}`, lastText: room.lastText },
    { polling: 250 },
  );
}

/** Scrolls to the top until the room's first message is loaded (each scroll to the top loads an older page). */
async function loadWholeRoom(page: Page, room: BenchRoom): Promise<void> {
  await page.waitForFunction(
    ({ label, marker }) => {
      const el = document.querySelector(`[role="region"][aria-label="${label}"]`);
      if (!el) return false;
      if (el.textContent?.includes(marker) && el.textContent.includes('This is the very beginning of')) return true;
      el.scrollTop = 0;
      return false;
    },
    { label: `Messages in #${room.name}`, marker: room.firstMarker },
    { polling: 250, timeout: 240_000 },
  );
}

async function openRoom(page: Page, room: BenchRoom): Promise<void> {
  await page.getByRole('navigation', { name: 'Rooms' }).getByRole('button', { name: new RegExp(`^#?\\s*${room.name}\\b`) }).click();
  await page.getByRole('heading', { level: 1, name: room.name, exact: true }).waitFor();
}

/** Arms the in-page stopwatch: it starts on the next pointerdown and stops on the first frame showing `room`. */
function armSwitch(page: Page, room: BenchRoom): Promise<void> {
  return page.evaluate(
    ({ name, label, lastText }) => {
      const w = window as unknown as { __benchSwitch: Promise<{ t0: number; painted: number }> };
      w.__benchSwitch = new Promise((resolve, reject) => {
        document.addEventListener(
          'pointerdown',
          () => {
            const t0 = performance.now();
            // The list is labelled with its room: the room is shown once its list shows the newest message.
            const shown = () => document.querySelector(`[role="region"][aria-label="${label}"]`)?.textContent?.includes(lastText) ?? false;
            const frame = () => {
              if (performance.now() - t0 > 60_000) {
                reject(new Error(`#${name} was not shown within 60 s of the click`));
                return;
              }
              if (!shown()) {
                requestAnimationFrame(frame);
                return;
              }
              // A message posted from a frame's callback runs once that frame is rendered.
              const channel = new MessageChannel();
              channel.port1.onmessage = () => resolve({ t0, painted: performance.now() });
              channel.port2.postMessage(null);
            };
            requestAnimationFrame(frame);
          },
          { capture: true, once: true },
        );
      });
    },
    { name: room.name, label: `Messages in #${room.name}`, lastText: room.lastText },
  );
}

async function measureSwitch(page: Page, room: BenchRoom): Promise<SwitchFigures> {
  await observeLongTasks(page);
  await armSwitch(page, room);
  await openRoom(page, room);
  const { t0, painted } = await page.evaluate(() => (window as unknown as { __benchSwitch: Promise<{ t0: number; painted: number }> }).__benchSwitch);
  // What runs right after the paint (effects, a re-render) is part of the switch too.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 1000)));
  const tasks = await page.evaluate(() => (window as unknown as { __benchLongTasks: { startTime: number; duration: number }[] }).__benchLongTasks);
  const mine = tasks.filter((t) => t.startTime + t.duration >= t0 && t.startTime <= painted + 1000);
  return {
    toPaintedMs: painted - t0,
    longTasksMs: mine.reduce((sum, t) => sum + t.duration, 0),
    longestTaskMs: Math.max(0, ...mine.map((t) => t.duration)),
    domElements: await page.evaluate(() => document.getElementsByTagName('*').length),
  };
}

async function measureIdle(page: Page, seconds: number): Promise<IdleFigures> {
  await observeLongTasks(page);
  // The measurement window itself: the app's timers (the relative-time tick) fire in it, or not.
  await page.waitForTimeout(seconds * 1000);
  const tasks = await page.evaluate(() => (window as unknown as { __benchLongTasks: { duration: number }[] }).__benchLongTasks);
  return {
    seconds,
    count: tasks.length,
    longestMs: Math.max(0, ...tasks.map((t) => t.duration)),
    totalMs: tasks.reduce((sum, t) => sum + t.duration, 0),
  };
}

export interface PageRun {
  browser: Browser;
  web: string;
  session: string;
  sessionKey: string;
  room: BenchRoom;
  /** The room switched away to and back from. */
  other: BenchRoom;
  switches: number;
  idleSeconds: number;
  log?: (line: string) => void;
}

/** One fresh tab: opens `room`, loads all of it (unthrottled), then at 4× CPU: switches away and back `switches` times, then idles. */
export async function measurePage(run: PageRun): Promise<PageFigures> {
  const context = await run.browser.newContext({ viewport: desktop });
  context.setDefaultTimeout(60_000);
  try {
    // tsx compiles this file with esbuild's keepNames, which wraps the inner functions of the
    // functions sent to the page in a `__name` helper that only this process defines.
    await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
    await context.addInitScript(({ key, value }) => localStorage.setItem(key, value), { key: run.sessionKey, value: run.session });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${run.web}/rooms/${encodeURIComponent(run.other.id)}`);
    await page.getByRole('heading', { level: 1, name: run.other.name, exact: true }).waitFor();
    await page.locator('.connection[data-status="live"]').waitFor();
    const step = (what: string) => run.log?.(`${run.room.name}: ${what}`);
    step('lobby open');
    await openRoom(page, run.room);
    await loadWholeRoom(page, run.room);
    step('all loaded');
    await goToBottom(page, run.room);
    step('at the bottom');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const switches: SwitchFigures[] = [];
    for (let i = 0; i < run.switches; i++) {
      await openRoom(page, run.other);
      await page.getByRole('region', { name: `Messages in #${run.other.name}` }).getByText(run.other.lastText).waitFor();
      switches.push(await measureSwitch(page, run.room));
    }
    const idle = run.idleSeconds > 0 ? await measureIdle(page, run.idleSeconds) : null;
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return { switches, idle };
  } finally {
    // A failure above is the one to report, not a close that fails after it.
    await context.close().catch(() => {});
  }
}
