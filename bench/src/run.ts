// `npm run bench`: every benchmark on the local stack, each figure beside its baseline from
// the same run, printed as one table and written to docs/BENCHMARKS.md.
//   --sizes=10,100,1000   fan-out room sizes     --seconds=30   throughput duration
//   --only=latency,throughput,coldstart,api,connections,storm,edits,rooms-list,membership,flood   (a partial run only prints
//   its table; add --write to write it to docs/BENCHMARKS.md all the same)
//   --storm-size=1000 --storm-seconds=20   the presence and typing storm's room and duration
//   --edit-size=200 --edit-seconds=15       the edit storm's room and duration
//   --list-rooms=500 --list-unread=20 --list-calls=20   rooms.list: the user's rooms, those with news, timed calls
//   --only=membership --member-rooms=100 --member-sizes=10,1000   connect cost of a user in that
//   many rooms (beside the per-room subscription model) and fan-out to rooms of that many members
//   --only=flood --flood-receivers=50 --flood-seconds=20 --flood-runs=3   one user floods (10 sockets,
//   400 full pages): another user's delivery p99 beside a quiet run's, in that many pairs (the
//   median pair is reported; its p99 is mostly the flood's first second, so one pair is noisy)
// The web app's figures are `npm run bench:web` (src/web/run.ts) and the soak's `npm run soak`
// (src/soak/run.ts): each writes its own section.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDynamoDbLocal } from '@chat/local-runtime';
import { apiOverhead } from './api-overhead.ts';
import { coldStart } from './cold-start.ts';
import { connections } from './connections.ts';
import { keptSections, sectionOf } from './doc-sections.ts';
import { fanOutLatency } from './fanout-latency.ts';
import { editStorm } from './edit-storm.ts';
import { presenceStorm } from './presence-storm.ts';
import { roomsList } from './rooms-list.ts';
import { membership } from './membership.ts';
import { markdown, type Results, summaryRows, table } from './report.ts';
import { throughput } from './throughput.ts';
import { type FloodResult, userFlood } from './user-flood.ts';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const sizes = (args.get('sizes') ?? '10,100,1000').split(',').map(Number);
const seconds = Number(args.get('seconds') ?? 30);
const only = new Set((args.get('only') ?? 'latency,throughput,coldstart,api,connections,storm,edits,rooms-list,membership,flood').split(','));
const stormSize = Number(args.get('storm-size') ?? 1000);
const stormSeconds = Number(args.get('storm-seconds') ?? 20);
const editSize = Number(args.get('edit-size') ?? 200);
const editSeconds = Number(args.get('edit-seconds') ?? 15);
const listRooms = Number(args.get('list-rooms') ?? 500);
const listUnread = Number(args.get('list-unread') ?? 20);
const listCalls = Number(args.get('list-calls') ?? 20);
const memberRooms = Number(args.get('member-rooms') ?? 100);
const memberSizes = (args.get('member-sizes') ?? '10,1000').split(',').map(Number);
const floodReceivers = Number(args.get('flood-receivers') ?? 50);
const floodSeconds = Number(args.get('flood-seconds') ?? 20);
const floodRuns = Number(args.get('flood-runs') ?? 3);
const log = (line: string) => console.log(`[bench] ${line}`);

process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const results: Results = { latency: [] };

/**
 * Runs one benchmark (when --only names it) on a DynamoDB Local of its own, started fresh. They
 * once shared one, and each slowed down behind the data of those before it in the one Java
 * process (the user flood's pairs, 1.5-2.7× alone, came out at 11-12× at the end of a full run,
 * its quiet p99 3-6× its own alone); on AWS a table's speed does not depend on other tables'.
 * A full run's figures are each `--only=<name>`'s.
 */
async function section(name: string, run: (endpoint: string) => Promise<void>): Promise<void> {
  if (!only.has(name)) return;
  const dynamo = await startDynamoDbLocal();
  try {
    await run(dynamo.endpoint);
  } finally {
    await dynamo.stop();
  }
}

// First, while this process holds nothing else: its memory is then the emulator's.
await section('connections', async (endpoint) => {
  results.connections = await connections(endpoint, 10_000);
  log(`connections: ${results.connections.connectsPerSecond.toFixed(0)}/s, ${results.connections.rssWithIdleMb.toFixed(0)} MB`);
});
await section('latency', async (endpoint) => {
  // DynamoDB Local is a JVM: a throwaway round first, so no design pays for its JIT warm-up.
  await fanOutLatency(endpoint, 'ours', 10);
  for (const n of sizes) {
    for (const design of ['ours', 'baseline'] as const) {
      const r = await fanOutLatency(endpoint, design, n);
      results.latency.push(r);
      log(`fan-out N=${n} ${design}: p50 ${r.p50.toFixed(0)} / p95 ${r.p95.toFixed(0)} / p99 ${r.p99.toFixed(0)} ms, ${(r.completeness * 100).toFixed(1)}% delivered, ${r.duplicates} dup`);
    }
  }
});
await section('throughput', async (endpoint) => {
  results.throughput = await throughput(endpoint, seconds);
  log(`throughput: ${results.throughput.deliveriesPerSecond.toFixed(0)} deliveries/s, lost ${results.throughput.lost}`);
});
await section('storm', async (endpoint) => {
  // Ours first: today's posts per connection are given per ours' batch window.
  const ours = await presenceStorm(endpoint, 'ours', stormSize, stormSeconds);
  const today = await presenceStorm(endpoint, 'today', stormSize, stormSeconds, ours.batchWindowMs);
  const quiet = await presenceStorm(endpoint, 'quiet', stormSize, stormSeconds);
  results.storm = [ours, today, quiet];
  for (const r of results.storm) {
    log(
      `storm ${r.design}: ${r.events} events in ${r.seconds.toFixed(0)} s (${r.postsPerEvent.toFixed(0)} posts per event), presence ${r.presencePostsPerSecond.toFixed(0)} posts/s, typing ${r.typingPostsPerSecond.toFixed(0)} posts/s, per connection per window presence ${r.presencePerConnectionPerWindow.max}/${r.presencePerConnectionPerWindow.mean.toFixed(2)} typing ${r.typingPerConnectionPerWindow.max}/${r.typingPerConnectionPerWindow.mean.toFixed(2)} (window ${r.batchWindowMs.toFixed(0)} ms, ${r.batches} batches), messages p50 ${r.p50.toFixed(0)} / p95 ${r.p95.toFixed(0)} / p99 ${r.p99.toFixed(0)} ms, ${(r.completeness * 100).toFixed(1)}% delivered, drain ${r.drainSeconds.toFixed(1)} s`,
    );
  }
});
await section('edits', async (endpoint) => {
  const e = (results.edits = await editStorm(endpoint, editSize, editSeconds));
  log(
    `edits: ${e.changes} changes in ${e.seconds.toFixed(0)} s (${e.changesPerSecond.toFixed(0)}/s) to ${e.connections} clients, final state at ${(e.finalStateDelivered * 100).toFixed(1)}% of (client, message), edits seen ${(e.editsSeen * 100).toFixed(1)}%, p50 ${e.p50.toFixed(0)} / p99 ${e.p99.toFixed(0)} ms, ${e.postsPerSecond.toFixed(0)} posts/s, ${e.changesPerPost.toFixed(1)} changes per post, max ${e.maxPostsPerConnectionPerBatch} per connection per batch (${e.batches} batches)`,
  );
});
await section('rooms-list', async (endpoint) => {
  const l = (results.roomsList = await roomsList(endpoint, listRooms, listUnread, listCalls));
  const requests = (t: typeof l.ours) => `${t.requestsTotal} requests (${Object.entries(t.requests).map(([op, n]) => `${n} ${op.replace(/Command$/, '')}`).join(', ')})`;
  log(`rooms.list, ${l.rooms} rooms (${l.withUnread} with unread), ${l.calls} calls each: ours p50 ${l.ours.p50.toFixed(1)} / p95 ${l.ours.p95.toFixed(1)} ms, ${requests(l.ours)}`);
  log(`rooms.list naive: p50 ${l.baseline.p50.toFixed(1)} / p95 ${l.baseline.p95.toFixed(1)} ms, ${requests(l.baseline)}; ours/naive p50 ${(l.ours.p50 / l.baseline.p50).toFixed(2)}×, p95 ${(l.ours.p95 / l.baseline.p95).toFixed(2)}×`);
});
await section('membership', async (endpoint) => {
  const m = (results.membership = await membership(endpoint, memberRooms, memberSizes));
  for (const c of m.connect) {
    log(`connect, ${c.rooms} rooms, ${c.design}: ${JSON.stringify(c.requests)} requests each, p50 ${c.p50.toFixed(1)} / p95 ${c.p95.toFixed(1)} ms`);
  }
  for (const f of m.fanOut) {
    log(`member fan-out N=${f.members}: p50 ${f.p50.toFixed(0)} / p95 ${f.p95.toFixed(0)} ms, ${(f.completeness * 100).toFixed(1)}% delivered, ${JSON.stringify(f.requestsPerBatch)} requests per batch (${f.batches} batches)`);
  }
  if (m.invite) log(`invite -> room frame: p50 ${m.invite.p50.toFixed(0)} / p95 ${m.invite.p95.toFixed(0)} / max ${m.invite.max.toFixed(0)} ms`);
});
await section('flood', async (endpoint) => {
  // Pairs side by side, quiet then flood, each on fresh stacks.
  const pairs: { quiet: FloodResult; flood: FloodResult; ratio: number }[] = [];
  for (let run = 1; run <= floodRuns; run++) {
    const quiet = await userFlood(endpoint, 'quiet', floodReceivers, floodSeconds);
    const flood = await userFlood(endpoint, 'flood', floodReceivers, floodSeconds);
    pairs.push({ quiet, flood, ratio: flood.p99 / quiet.p99 });
    for (const r of [quiet, flood]) {
      const f = r.flood;
      log(
        `user flood ${run}/${floodRuns} ${r.design}: another user's delivery to ${r.receivers + 1} members p50 ${r.p50.toFixed(0)} / p99 ${r.p99.toFixed(0)} ms, ${(r.completeness * 100).toFixed(1)}% delivered` +
          (r.design === 'flood' ? `; flooder: ${f.sends} sends (${f.acked} acked), ${f.getMessages} full pages asked (${f.pages} answered, ${(f.pageBytes / 1024).toFixed(0)} KB), ${f.rateLimited} RATE_LIMITED` : ''),
      );
    }
    log(`user flood ${run}/${floodRuns}: p99 flood/quiet ${(flood.p99 / quiet.p99).toFixed(2)}×`);
  }
  const ratios = pairs.map((p) => p.ratio);
  const median = [...pairs].sort((a, b) => a.ratio - b.ratio)[Math.floor(pairs.length / 2)]!;
  results.flood = [median.quiet, median.flood];
  results.floodRatios = ratios;
  log(`user flood: p99 flood/quiet ${ratios.map((r) => `${r.toFixed(2)}×`).join(', ')}; median ${median.ratio.toFixed(2)}× (goal ≤ 2×)`);
});
await section('coldstart', async (endpoint) => {
  results.coldStart = await coldStart(endpoint, 20);
  for (const c of results.coldStart) log(`cold start ${c.name}: ${c.initMs.toFixed(0)} ms vs naive ${c.naiveInitMs.toFixed(0)} ms`);
});
await section('api', async (endpoint) => {
  results.api = await apiOverhead(endpoint, 10);
  log(`api: me ${results.api.me.toFixed(0)}/s, bare ${results.api.bare.toFixed(0)}/s`);
});

console.log(`\n${table(summaryRows(results))}\n`);
if (!args.has('only') || args.has('write')) {
  const file = join(import.meta.dirname, '../../docs/BENCHMARKS.md');
  // The soak's and the web sections are `npm run soak`'s and `npm run bench:web`'s (10 and 15
  // minutes): kept as they are.
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const kept = keptSections.map((name) => sectionOf(old, name)).filter(Boolean);
  writeFileSync(file, [markdown(results).trimEnd(), ...kept].join('\n\n') + '\n');
  log(`wrote ${file}`);
} else {
  log('a partial run: docs/BENCHMARKS.md left as it is (--write to write it)');
}
