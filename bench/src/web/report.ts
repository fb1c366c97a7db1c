// The web benchmark's figures as a markdown section of docs/BENCHMARKS.md: each measure for both
// builds (medians over the runs), the ratio new/old, and the goals met or missed.
import { cpus, loadavg, totalmem } from 'node:os';
import type { LighthouseFigures } from './lighthouse.ts';
import type { IdleFigures, SwitchFigures } from './page-measures.ts';

export interface BuildFigures {
  lighthouse: Map<number, LighthouseFigures[]>;
  switches: Map<number, SwitchFigures[]>;
  idle: Map<number, IdleFigures[]>;
  scripts: { upFrontGzip: number; allGzip: number };
}

export interface WebResults {
  command: string;
  sizes: number[];
  rounds: number;
  /** The room the Lighthouse goals are read at. */
  lighthouseSize: number;
  lighthouseRuns: number;
  /** Switches back measured per tab. */
  switches: number;
  old: BuildFigures & { source: string };
  new: BuildFigures & { source: string };
  loadBefore: number;
  loadAfter: number;
  minutes: number;
}

export const median = (values: number[]) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const ms = (v: number) => (Number.isNaN(v) ? '–' : `${v.toFixed(0)} ms`);
const ratio = (a: number, b: number) => (b === 0 || Number.isNaN(a) || Number.isNaN(b) ? '–' : `${(a / b).toFixed(2)}×`);
const range = (values: number[], unit = ' ms') =>
  values.length ? `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}${unit}` : '–';
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const met = (ok: boolean) => (ok ? 'met' : '**missed**');

function pick<T>(figures: Map<number, T[]>, size: number, value: (f: T) => number): number[] {
  return (figures.get(size) ?? []).map(value);
}

/** Growth from the smallest to the largest room: the largest's median over the smallest's. */
function growth(b: BuildFigures['switches'] | BuildFigures['lighthouse'] | BuildFigures['idle'], sizes: number[], value: (f: never) => number): number {
  const first = median(pick(b as Map<number, never[]>, sizes[0]!, value));
  const last = median(pick(b as Map<number, never[]>, sizes.at(-1)!, value));
  return last / first;
}

export function webSection(r: WebResults): string {
  const rows: string[][] = [['measure', 'room', `old (${r.old.source})`, `new (${r.new.source})`, 'new/old']];
  const add = (what: string, size: number, old: number[], now: number[], format = ms, detail = range) =>
    rows.push([what, String(size), `${format(median(old))} (${detail(old)})`, `${format(median(now))} (${detail(now)})`, ratio(median(now), median(old))]);
  const score = (v: number) => (Number.isNaN(v) ? '–' : v.toFixed(0));
  const plain = (values: number[]) => range(values, '');
  for (const size of r.sizes) {
    const lh = (b: BuildFigures, f: (x: LighthouseFigures) => number) => pick(b.lighthouse, size, f);
    if (r.old.lighthouse.has(size)) {
      add('Lighthouse mobile performance', size, lh(r.old, (x) => x.score), lh(r.new, (x) => x.score), score, plain);
      add('Lighthouse Total Blocking Time', size, lh(r.old, (x) => x.tbtMs), lh(r.new, (x) => x.tbtMs));
      add('Lighthouse Largest Contentful Paint', size, lh(r.old, (x) => x.lcpMs), lh(r.new, (x) => x.lcpMs));
    }
  }
  for (const size of r.sizes) {
    const sw = (b: BuildFigures, f: (x: SwitchFigures) => number) => pick(b.switches, size, f);
    add('switch back, click -> painted (4× CPU)', size, sw(r.old, (x) => x.toPaintedMs), sw(r.new, (x) => x.toPaintedMs));
    add('switch back, long tasks (sum)', size, sw(r.old, (x) => x.longTasksMs), sw(r.new, (x) => x.longTasksMs));
    add('switch back, DOM elements', size, sw(r.old, (x) => x.domElements), sw(r.new, (x) => x.domElements), score, plain);
  }
  for (const size of r.sizes) {
    const idle = (b: BuildFigures, f: (x: IdleFigures) => number) => pick(b.idle, size, f);
    if (!r.old.idle.has(size)) continue;
    const seconds = r.old.idle.get(size)![0]!.seconds;
    add(`idle ${seconds} s: long tasks > 50 ms (count)`, size, idle(r.old, (x) => x.count), idle(r.new, (x) => x.count), score, plain);
    add(`idle ${seconds} s: longest task`, size, idle(r.old, (x) => x.longestMs), idle(r.new, (x) => x.longestMs));
  }
  rows.push(['JavaScript loaded up front / in all (gzip)', '', `${kb(r.old.scripts.upFrontGzip)} / ${kb(r.old.scripts.allGzip)}`, `${kb(r.new.scripts.upFrontGzip)} / ${kb(r.new.scripts.allGzip)}`, ratio(r.new.scripts.upFrontGzip, r.old.scripts.upFrontGzip)]);
  const table = [rows[0]!.join(' | '), rows[0]!.map(() => '---').join(' | '), ...rows.slice(1).map((row) => row.join(' | '))]
    .map((line) => `| ${line} |`)
    .join('\n');

  const mid = r.lighthouseSize;
  const big = r.sizes.at(-1)!;
  const lhScore = median(pick(r.new.lighthouse, mid, (x) => x.score));
  const lhTbt = median(pick(r.new.lighthouse, mid, (x) => x.tbtMs));
  const switchMs = median(pick(r.new.switches, big, (x) => x.toPaintedMs));
  const idleLongest = Math.max(0, ...[...r.new.idle.values()].flat().map((x) => x.longestMs));
  const switchGrowth = (b: BuildFigures) => growth(b.switches, r.sizes, (x: SwitchFigures) => x.toPaintedMs);
  const domGrowth = (b: BuildFigures) => growth(b.switches, r.sizes, (x: SwitchFigures) => x.domElements);
  const flat = switchGrowth(r.new) <= 1.5 && domGrowth(r.new) <= 1.5;
  const goals = [
    `- Lighthouse mobile performance ≥ 90 (room of ${mid}): ${score(lhScore)}, ${met(lhScore >= 90)}.`,
    `- Total Blocking Time ≤ 200 ms (room of ${mid}): ${ms(lhTbt)}, ${met(lhTbt <= 200)}.`,
    `- Switching back to a room of ${big} loaded messages ≤ 200 ms at 4× CPU: ${ms(switchMs)}, ${met(switchMs <= 200)}.`,
    `- No long task over 50 ms while idle: longest ${ms(idleLongest)}, ${met(idleLongest <= 50)}.`,
    `- Flat growth from ${r.sizes[0]} to ${big} messages (switch time and DOM size of the largest room within 1.5× of the smallest's): ` +
      `switch ${switchGrowth(r.new).toFixed(2)}× (old ${switchGrowth(r.old).toFixed(2)}×), DOM ${domGrowth(r.new).toFixed(2)}× (old ${domGrowth(r.old).toFixed(2)}×), ${met(flat)}.`,
  ];

  return `## Web app (issue 16)

Run with \`npm run bench:web -w @chat/bench\` (about a quarter of an hour; \`npm run bench\` leaves this section as it is).
Written by \`${r.command}\` on ${new Date().toISOString().slice(0, 10)}, on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Chromium
at /usr/bin/chromium (headless), load average ${r.loadBefore.toFixed(1)} before and ${r.loadAfter.toFixed(1)} after; ${r.minutes.toFixed(0)} min.
Two production builds (\`vite build\`) of the web app, served one at a time by apps/local's web server (brotli,
as \`npm start\` serves it) on one local stack (DynamoDB Local in memory, the api, the WebSocket emulator,
the Streams poller): **old** = commit ${r.old.source}, **new** = ${r.new.source}. They are measured alternately,
after a throwaway warm-up tab: for each room and round a pair, old then new, the next pair new then old
(${r.rounds} rounds), each figure the median of its runs with the range in brackets.
Rooms of ${r.sizes.join(' / ')} messages, written straight into DynamoDB (three people, 45 s apart, ending now).

${table}

How each is measured:
- **Lighthouse** 12 (\`lighthouse\` npm package), default mobile settings (simulated slow 4G, 4× CPU),
  performance only (${r.lighthouseRuns} runs per round at the room of ${r.lighthouseSize}, 1 at the others), of \`/rooms/<id>\` signed in (the session put into localStorage as the app stores it;
  Lighthouse clears caches, not localStorage). The page loads the latest page of history (50 messages),
  so the room's length matters little here.
- **Switch back**: a fresh tab (1280×800) opens the room, scrolls up until its first message is
  loaded, goes to the bottom, then at 4× CPU (CDP \`Emulation.setCPUThrottlingRate\`) opens another
  room and comes back, ${r.switches} times per tab: the time from the pointer going down on the room's button to
  the frame that shows its newest message, the long tasks (PerformanceObserver \`longtask\`) from that
  click to 1 s after, and the page's element count then.
- **Idle**: then, in the same tab and still at 4× CPU, the long tasks of a window with nothing
  happening but the app's own timers (the relative-time tick runs every 30 s).
- **JavaScript**: what index.html loads (its entry and modulepreload chunks) against all chunks, gzip.

Against the issue's goals (new build):
${goals.join('\n')}
`;
}

export const currentLoad = () => loadavg()[0]!;
