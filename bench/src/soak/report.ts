// The soak's printed lines and its section of docs/BENCHMARKS.md.
import { cpus, totalmem } from 'node:os';
import type { MemorySample } from './memory.ts';
import type { SoakResult } from './soak.ts';
import { failuresOf, type MinuteFigures } from './tally.ts';

const ms = (n: number) => (Number.isNaN(n) ? '-' : `${n.toFixed(0)} ms`);

export function minuteText(m: MinuteFigures | undefined): string {
  if (!m) return 'nothing sent';
  return `sent ${m.sent}, acked ${m.acked}, delivered ${m.delivered}, p50 ${ms(m.p50)} / p99 ${ms(m.p99)} / max ${ms(m.max)}`;
}

export function memoryText(m: MemorySample): string {
  return `rss ${m.rssMb.toFixed(0)} MB, heapUsed ${m.heapUsedMb.toFixed(0)} MB${m.dynamoRssMb === undefined ? '' : ` (DynamoDB Local rss ${m.dynamoRssMb.toFixed(0)} MB)`}`;
}

/** What the soak's options amount to, as one line. */
export function setupText({ clients, rooms, minutes, sendIntervalMs }: SoakResult['options']): string {
  const perSecond = clients / (sendIntervalMs / 1000);
  return (
    `${clients} clients (distinct users) in ${rooms} rooms (${(clients / rooms).toFixed(0)} members each), one message per client every ${sendIntervalMs / 1000} s ` +
    `(${perSecond.toFixed(1)} messages/s, ${(perSecond * (clients / rooms)).toFixed(0)} deliveries/s), ${minutes} min`
  );
}

export function resultLines(r: SoakResult): string[] {
  const growth = r.memory.end.heapUsedMb - r.memory.start.heapUsedMb;
  const failures = failuresOf(r);
  return [
    `setup (${r.options.clients} clients connected, each room's first message seen by all) ${r.setupSeconds.toFixed(1)} s; sent ${r.sent}, acked ${r.acked}, refused ${JSON.stringify(r.errors)}, unanswered ${r.unanswered}; drained in ${r.drainSeconds.toFixed(1)} s`,
    `lost ${r.lost} (of ${r.expected} expected deliveries: each acked message to each member of its room)`,
    `duplicated ${r.duplicated} (after dedupe by id+seq), raw duplicates ${r.rawDuplicates}, misdelivered ${r.misdelivered}, disconnected ${r.disconnected}`,
    `delivery p50 ${ms(r.p50)} / p99 ${ms(r.p99)} over the run; p99 per minute (by the minute sent): ${r.minutes.map((m) => `${m.minute}: ${ms(m.p99)}`).join(', ')}`,
    ...r.minutes.map((m) => `  minute ${m.minute}: ${minuteText(m)}${r.memory.perMinute[m.minute - 1] ? `; at its end ${memoryText(r.memory.perMinute[m.minute - 1]!)}` : ''}`),
    `memory start: ${memoryText(r.memory.start)}; end: ${memoryText(r.memory.end)}; heapUsed ${signed(growth)} MB ` +
      `(heapUsed ${r.memory.endWithRecords.heapUsedMb.toFixed(0)} MB before the soak dropped its own records of ${r.expected} deliveries)`,
    failures.length ? `FAILED: ${failures.join(', ')}` : 'OK: lost 0, duplicated 0, every send acked',
  ];
}

export interface SoakRun {
  command: string;
  loadBefore: number;
  loadAfter: number;
}

/** docs/BENCHMARKS.md's soak section: how to run it, what it checks, and this run's figures. */
export function soakSection(r: SoakResult, run: SoakRun): string {
  const rows = [
    ['minute (sent in)', 'sent', 'acked', 'delivered', 'p50', 'p99', 'max', 'rss at its end', 'heapUsed at its end (no forced collection)'],
    ...r.minutes.map((m) => {
      const mem = r.memory.perMinute[m.minute - 1];
      return [String(m.minute), String(m.sent), String(m.acked), String(m.delivered), ms(m.p50), ms(m.p99), ms(m.max), mem ? `${mem.rssMb.toFixed(0)} MB` : '-', mem ? `${mem.heapUsedMb.toFixed(0)} MB` : '-'];
    }),
  ];
  const table = [rows[0]!, rows[0]!.map(() => '---'), ...rows.slice(1)].map((row) => `| ${row.join(' | ')} |`).join('\n');
  const failures = failuresOf(r);
  return `## Soak (issue 13)

Run with \`npm run soak\` (10 minutes; \`--minutes=1 --clients=200 --rooms=20 --interval=15\` change
the duration, the clients, the rooms and the seconds between one client's messages; a run with other
options only prints, \`--write\` writes this section all the same). Its one-minute version, 200
clients in 20 rooms, is bench's test in \`npm test\` (\`bench/src/soak/soak.test.ts\`), which asserts
nothing lost, nothing duplicated, every send acked and heapUsed grown by less than 32 MB; no speed.
The clients are distinct users, each a member of its room and focusing it (as \`npm run bench\` sets
them up), on the bench's local stack (DynamoDB Local, the API Gateway emulator, the Streams poller,
the ws handler, in one process with the clients). Each sends a message every ${r.options.sendIntervalMs / 1000} s, staggered so that
the total rate is steady, and a ping every 20 s as the web app does. It prints, and exits 1 unless
all are 0: **lost** (an acked message that a member of its room, connected to the end, never got),
**duplicated** (one send that reached a client as two messages after the clients' dedupe by id+seq),
misdelivered (a copy in another room), unanswered and refused sends, and disconnected clients; beside
them the raw duplicates (copies of an id+seq already had, which clients drop), the delivery latency
(send to each member's copy) per minute sent, and this process's and DynamoDB Local's memory at the
start, at the end of each minute and at the end.

Written by \`${run.command}\` on ${new Date().toISOString().slice(0, 10)}, on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version},
load average ${run.loadBefore.toFixed(1)} before and ${run.loadAfter.toFixed(1)} after (the machine is shared: latency is noisy).
${setupText(r.options)}.

- ${failures.length ? `**FAILED**: ${failures.join(', ')}` : `**lost ${r.lost}, duplicated ${r.duplicated}**`} (raw duplicates ${r.rawDuplicates}, misdelivered ${r.misdelivered}, disconnected ${r.disconnected}).
- Setup (the clients connected, each room's first message seen by all its members) ${r.setupSeconds.toFixed(1)} s, then sent ${r.sent}, acked ${r.acked}, refused ${Object.values(r.errors).reduce((a, b) => a + b, 0)}, unanswered ${r.unanswered}; ${r.expected} deliveries expected, all in within ${r.drainSeconds.toFixed(1)} s of the last send.
- Delivery p50 ${ms(r.p50)}, p99 ${ms(r.p99)} over the run.
- Memory at the start: ${memoryText(r.memory.start)}; at the end: ${memoryText(r.memory.end)}: heapUsed ${signed(r.memory.end.heapUsedMb - r.memory.start.heapUsedMb)} MB,
  after a full collection both, the clients still open and the soak's own records of the ${r.expected} deliveries dropped
  (${r.memory.endWithRecords.heapUsedMb.toFixed(0)} MB with them). rss does not shrink back once the heap has grown.

${table}`;
}

const signed = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(1)}`;
