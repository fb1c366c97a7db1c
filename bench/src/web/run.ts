// `npm run bench:web -w @chat/bench`: the web app's speed in Chromium, the working tree's build
// beside an older commit's, in one run on one local stack, measured alternately. Writes the
// "Web app" section of docs/BENCHMARKS.md (--no-write: print only).
//   --old=25cd7cb          the commit to compare with (default: main before issue 16's work)
//   --sizes=50,300,1000    room lengths              --rounds=2        old/new rounds
//   --switches=3           switches back per tab     --idle-seconds=60 idle window (0: none)
//   --idle-rounds=1        rounds that measure idle  --lighthouse=1    0: no Lighthouse
//   --lighthouse-size=300 --lighthouse-runs=3   Lighthouse runs per round at that room (1 at the others)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { User } from '@chat/contract';
import { withSection } from '../doc-sections.ts';
import { makeBuilds, scriptSizes, type WebBuild } from './builds.ts';
import { launchChromium, startDebuggableChromium } from './chromium.ts';
import { runLighthouse, storeSession } from './lighthouse.ts';
import { type BenchRoom, measurePage } from './page-measures.ts';
import { type BuildFigures, currentLoad, median, webSection, type WebResults } from './report.ts';
import { seedRoom } from './seed.ts';
import { startWebBenchStack } from './stack.ts';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const number = (name: string, fallback: number) => {
  const value = Number(args.get(name) ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got "${args.get(name)}"`);
  return value;
};
/** main when issue 16 (the web app's speed) began. */
const oldRev = args.get('old') ?? '25cd7cb';
const sizes = (args.get('sizes') ?? '50,300,1000').split(',').map(Number);
if (sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new Error(`--sizes must be room lengths, got "${args.get('sizes')}"`);
const rounds = number('rounds', 2);
const switches = number('switches', 3);
const idleSeconds = number('idle-seconds', 60);
const idleRounds = number('idle-rounds', 1);
const withLighthouse = number('lighthouse', 1) > 0;
/** Lighthouse varies most from run to run: the room the goals are read at gets more runs. */
const lighthouseSize = number('lighthouse-size', 300);
const lighthouseRuns = number('lighthouse-runs', 3);
const log = (line: string) => console.log(`[bench:web] ${line}`);

/** The stored session as apps/web/src/session/session-store.ts keeps it. */
const SESSION_KEY = 'chat.session';

process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const started = Date.now();
const loadBefore = currentLoad();
const builds = await makeBuilds(oldRev, log);
const bench = await startWebBenchStack();
const browser = await launchChromium();
const figures = (build: WebBuild): BuildFigures => ({ lighthouse: new Map(), switches: new Map(), idle: new Map(), scripts: scriptSizes(build) });
const byBuild = new Map([builds.old, builds.new].map((b) => [b, figures(b)]));
const push = <T>(map: Map<number, T[]>, size: number, value: T) => map.set(size, [...(map.get(size) ?? []), value]);
try {
  const { token, user } = await bench.signUp('benchuser');
  const session = JSON.stringify({ token, user } satisfies { token: string; user: User });
  const room = async (name: string, count: number): Promise<BenchRoom> => {
    const seeded = await seedRoom(bench.db, name, count, user);
    return { id: seeded.id, name, lastText: seeded.lastText, firstMarker: '(#1)' };
  };
  const other = await room('lobby', 20);
  const rooms = new Map<number, BenchRoom>();
  for (const size of sizes) rooms.set(size, await room(`room-${size}`, size));
  log(`seeded rooms of ${sizes.join(', ')} messages`);

  // A throwaway tab first, so that neither build pays for warming up DynamoDB Local's JVM and Chromium.
  bench.serve(builds.new);
  await measurePage({ browser, web: bench.web, session, sessionKey: SESSION_KEY, room: rooms.get(sizes.at(-1)!)!, other, switches: 1, idleSeconds: 0 });
  log('warmed up');

  let turn = 0;
  for (let round = 1; round <= rounds; round++) {
    for (const size of sizes) {
      // old, new, then new, old: whichever goes second in a pair does not always gain (or lose) from it.
      const pair = turn++ % 2 === 0 ? [builds.old, builds.new] : [builds.new, builds.old];
      for (const build of pair) {
        bench.serve(build);
        const f = byBuild.get(build)!;
        if (withLighthouse) {
          const chromium = await startDebuggableChromium();
          try {
            await storeSession(chromium, bench.web, SESSION_KEY, session);
            for (let run = 0; run < (size === lighthouseSize ? lighthouseRuns : 1); run++) {
              const lh = await runLighthouse(chromium, `${bench.web}/rooms/${encodeURIComponent(rooms.get(size)!.id)}`);
              push(f.lighthouse, size, lh);
              log(`round ${round}, ${size} messages, ${build.name}: Lighthouse ${lh.score.toFixed(0)}, TBT ${lh.tbtMs.toFixed(0)} ms, LCP ${lh.lcpMs.toFixed(0)} ms`);
            }
          } finally {
            await chromium.close();
          }
        }
        const page = await measurePage({
          browser,
          web: bench.web,
          session,
          sessionKey: SESSION_KEY,
          room: rooms.get(size)!,
          other,
          switches,
          idleSeconds: round <= idleRounds ? idleSeconds : 0,
          ...(args.has('verbose') && { log }),
        });
        for (const s of page.switches) push(f.switches, size, s);
        if (page.idle) push(f.idle, size, page.idle);
        log(
          `round ${round}, ${size} messages, ${build.name}: switch ${page.switches.map((s) => s.toPaintedMs.toFixed(0)).join('/')} ms ` +
            `(long tasks ${median(page.switches.map((s) => s.longTasksMs)).toFixed(0)} ms), DOM ${page.switches.at(-1)?.domElements}` +
            (page.idle ? `, idle ${page.idle.seconds} s: ${page.idle.count} long tasks, longest ${page.idle.longestMs.toFixed(0)} ms` : ''),
        );
      }
    }
  }
} finally {
  await browser.close();
  await bench.stop();
  builds.remove();
}

const results: WebResults = {
  command: `npm run bench:web -w @chat/bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  sizes,
  rounds,
  lighthouseSize,
  lighthouseRuns,
  switches,
  old: { ...byBuild.get(builds.old)!, source: builds.old.source },
  new: { ...byBuild.get(builds.new)!, source: builds.new.source },
  loadBefore,
  loadAfter: currentLoad(),
  minutes: (Date.now() - started) / 60_000,
};
const section = webSection(results);
console.log(`\n${section}`);
if (args.has('no-write')) {
  log('docs/BENCHMARKS.md left as it is (--no-write)');
} else {
  const file = join(import.meta.dirname, '../../../docs/BENCHMARKS.md');
  writeFileSync(file, withSection(readFileSync(file, 'utf8'), 'bench:web', section));
  log(`wrote the web section of ${file}`);
}
