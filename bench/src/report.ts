// docs/BENCHMARKS.md: the machine, the date, every figure beside its baseline, and the models.
import { cpus, totalmem } from 'node:os';
import type { ApiResult } from './api-overhead.ts';
import type { ColdStartResult } from './cold-start.ts';
import type { ConnectionsResult } from './connections.ts';
import type { EditStormResult } from './edit-storm.ts';
import type { LatencyResult } from './fanout-latency.ts';
import type { ConnectCost, MembershipResult } from './membership.ts';
import type { StormResult } from './presence-storm.ts';
import type { RoomsListResult } from './rooms-list.ts';
import { assume, aws, capacity, capacityWithStorm, cost } from './model.ts';
import type { ThroughputResult } from './throughput.ts';
import type { FloodResult } from './user-flood.ts';

export interface Results {
  latency: LatencyResult[];
  throughput?: ThroughputResult;
  coldStart?: ColdStartResult[];
  api?: ApiResult;
  connections?: ConnectionsResult;
  /** The presence and typing storm: ours, then today's design. */
  storm?: StormResult[];
  edits?: EditStormResult;
  roomsList?: RoomsListResult;
  membership?: MembershipResult;
  /** One user floods: quiet, then flood (the median pair). */
  flood?: FloodResult[];
  /** Each pair's p99 flood/quiet. */
  floodRatios?: number[];
}

/** DynamoDB requests by operation, as "1 PutItem + 1 UpdateItem". */
const requestsText = (requests: Record<string, number>) =>
  Object.entries(requests)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${Number.isInteger(n) ? n : n.toFixed(1)} ${op}`)
    .join(' + ') || 'none';
const requestTotal = (requests: Record<string, number>) => Object.values(requests).reduce((a, b) => a + b, 0);

const ms = (n: number) => `${n.toFixed(0)} ms`;
const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const usd = (n: number) => `$${n.toFixed(3)}`;

export function summaryRows(r: Results): string[][] {
  const rows: string[][] = [['benchmark', 'ours', 'baseline (same run)', 'ratio ours/baseline', 'goal']];
  for (const n of [...new Set(r.latency.map((l) => l.n))]) {
    const ours = r.latency.find((l) => l.n === n && l.design === 'ours');
    const base = r.latency.find((l) => l.n === n && l.design === 'baseline');
    if (!ours || !base) continue;
    rows.push([
      `fan-out N=${n}: p50 / p95 / p99`,
      `${ms(ours.p50)} / ${ms(ours.p95)} / ${ms(ours.p99)}`,
      `${ms(base.p50)} / ${ms(base.p95)} / ${ms(base.p99)}`,
      `p99 ${x(ours.p99, base.p99)}`,
      n === 1000 ? 'p99 ≤ 0.33×' : '',
    ]);
    rows.push([
      `fan-out N=${n}: delivered (exactly once)`,
      `${(ours.completeness * 100).toFixed(1)}%, ${ours.duplicates} dup`,
      `${(base.completeness * 100).toFixed(1)}%, ${base.duplicates} dup`,
      '',
      '100%',
    ]);
  }
  if (r.throughput) {
    const t = r.throughput;
    rows.push([
      'throughput: deliveries/s (50 senders, 500 receivers)',
      `${t.deliveriesPerSecond.toFixed(0)} /s (${t.messagesPerSecond.toFixed(0)} msg/s, lost ${t.lost}, dup ${t.duplicates})`,
      `PutItem ceiling ${t.putItemCeiling.toFixed(0)} /s`,
      `msg/s ÷ ceiling ${x(t.messagesPerSecond, t.putItemCeiling)}`,
      '≥ 3,000 /s, 0 lost',
    ]);
  }
  for (const c of r.coldStart ?? []) {
    rows.push([
      `cold start ${c.name}: zip, init median (import + first event)`,
      `${(c.zipBytes / 1024).toFixed(0)} KB, ${ms(c.initMs)} (${ms(c.importMs)} + ${ms(c.firstEventMs)})`,
      `naive ${(c.naiveZipBytes / 1024).toFixed(0)} KB, ${ms(c.naiveInitMs)} (${ms(c.naiveImportMs)} + ${ms(c.naiveFirstEventMs)})`,
      `init ${x(c.initMs, c.naiveInitMs)}`,
      'zip ≤ 200 KB, init ≤ 0.4×',
    ]);
  }
  if (r.api) {
    rows.push(['API: auth.me req/s', r.api.me.toFixed(0), `bare Hono ${r.api.bare.toFixed(0)}`, x(r.api.me, r.api.bare), '']);
    rows.push(['API: rooms.list req/s', r.api.roomsList.toFixed(0), `bare Hono ${r.api.bare.toFixed(0)}`, x(r.api.roomsList, r.api.bare), '']);
  }
  if (r.connections) {
    const c = r.connections;
    rows.push([
      'connections: $connect/s (JWT + DynamoDB write)',
      `${c.connectsPerSecond.toFixed(0)} /s, ${c.errors} errors`,
      r.throughput ? `PutItem ceiling ${r.throughput.putItemCeiling.toFixed(0)} /s` : '',
      r.throughput ? x(c.connectsPerSecond, r.throughput.putItemCeiling) : '',
      '≥ 500 /s, 0 errors',
    ]);
    rows.push([
      `connections: emulator RSS with ${c.opened} idle`,
      `${c.rssWithIdleMb.toFixed(0)} MB`,
      `${c.rssBeforeMb.toFixed(0)} MB before`,
      `+${(c.rssWithIdleMb - c.rssBeforeMb).toFixed(0)} MB`,
      '< 300 MB',
    ]);
  }
  const ours = r.storm?.find((s) => s.design === 'ours');
  const today = r.storm?.find((s) => s.design === 'today');
  const quiet = r.storm?.find((s) => s.design === 'quiet');
  if (ours && today) {
    const label = `storm N=${ours.connections}`;
    const rate = (s: StormResult) => `${(s.events / s.seconds).toFixed(1)} /s, ${s.postsPerEvent.toFixed(0)} posts each`;
    rows.push([`${label}: events made (goal 10/s), presence + typing posts per event`, rate(ours), `today ${rate(today)}`, x(ours.postsPerEvent, today.postsPerEvent), '']);
    const perWindow = (w: { max: number; mean: number }) => `${Number.isNaN(w.max) ? '—' : w.max} / ${w.mean.toFixed(2)}`;
    rows.push([`${label}: presence / typing posts/s`, `${ours.presencePostsPerSecond.toFixed(0)} / ${ours.typingPostsPerSecond.toFixed(0)}`, `today ${today.presencePostsPerSecond.toFixed(0)} / ${today.typingPostsPerSecond.toFixed(0)}`, x(ours.presencePostsPerSecond + ours.typingPostsPerSecond, today.presencePostsPerSecond + today.typingPostsPerSecond), '']);
    rows.push([
      `${label}: presence posts per connection per batch window (max / mean; window ${ms(ours.batchWindowMs)})`,
      perWindow(ours.presencePerConnectionPerWindow),
      `today ${perWindow(today.presencePerConnectionPerWindow)}`,
      '',
      '≤ 1',
    ]);
    rows.push([`${label}: typing posts per connection per batch window (max / mean)`, perWindow(ours.typingPerConnectionPerWindow), `today ${perWindow(today.typingPerConnectionPerWindow)}`, '', '≤ 1']);
    rows.push([
      `${label}: concurrent messages (5/s) p50 / p95 / p99, delivered`,
      `${ms(ours.p50)} / ${ms(ours.p95)} / ${ms(ours.p99)}, ${(ours.completeness * 100).toFixed(1)}%`,
      `today ${ms(today.p50)} / ${ms(today.p95)} / ${ms(today.p99)}, ${(today.completeness * 100).toFixed(1)}%`,
      `p99 ${x(ours.p99, today.p99)}`,
      '',
    ]);
    if (quiet) {
      rows.push([
        `${label}: the same messages without the storm (ours)`,
        `${ms(quiet.p50)} / ${ms(quiet.p95)} / ${ms(quiet.p99)}, ${(quiet.completeness * 100).toFixed(1)}%`,
        '',
        `storm p99 ${x(ours.p99, quiet.p99)} of quiet`,
        '',
      ]);
    }
  }
  if (r.edits) {
    const e = r.edits;
    rows.push([
      `edit storm N=${e.connections}: changes/s, final state delivered, edits seen, edit p50 / p99`,
      `${e.changesPerSecond.toFixed(0)} /s, ${(e.finalStateDelivered * 100).toFixed(1)}%, ${(e.editsSeen * 100).toFixed(1)}%, ${ms(e.p50)} / ${ms(e.p99)}`,
      '',
      '',
      'final state 100%',
    ]);
    rows.push([`edit storm: posts/s, changes per post, max posts per connection per batch`, `${e.postsPerSecond.toFixed(0)} /s, ${e.changesPerPost.toFixed(1)}, ${e.maxPostsPerConnectionPerBatch}`, '', '', '≤ 1 per batch']);
  }
  if (r.roomsList) {
    const l = r.roomsList;
    rows.push([
      `rooms.list, a user in ${l.rooms} rooms (${l.withUnread} with unread): p50 / p95, DynamoDB requests per call`,
      `${l.ours.p50.toFixed(1)} ms / ${l.ours.p95.toFixed(1)} ms, ${l.ours.requestsTotal}`,
      `naive ${l.baseline.p50.toFixed(1)} ms / ${l.baseline.p95.toFixed(1)} ms, ${l.baseline.requestsTotal}`,
      `p50 ${x(l.ours.p50, l.baseline.p50)}, requests ${x(l.ours.requestsTotal, l.baseline.requestsTotal)}`,
      '',
    ]);
  }
  if (r.membership) {
    const m = r.membership;
    const connectOf = (design: ConnectCost['design'], rooms: number) => m.connect.find((c) => c.design === design && c.rooms === rooms);
    for (const rooms of [...new Set(m.connect.map((c) => c.rooms))]) {
      const ours = connectOf('ours', rooms);
      const base = connectOf('per-room', rooms);
      if (!ours || !base) continue;
      rows.push([
        `connect, a user in ${rooms} room${rooms === 1 ? '' : 's'}: DynamoDB requests, handshake p50 / p95`,
        `${requestsText(ours.requests)}; ${ms(ours.p50)} / ${ms(ours.p95)}`,
        `per-room subscriptions: ${requestsText(base.requests)}; ${ms(base.p50)} / ${ms(base.p95)}`,
        `requests ${x(requestTotal(ours.requests), requestTotal(base.requests))}, p50 ${x(ours.p50, base.p50)}`,
        'bounded, not per room',
      ]);
    }
    const smallest = m.fanOut[0];
    for (const f of m.fanOut) {
      rows.push([
        `member fan-out N=${f.members} (unfocused members): p50 / p95, delivered; DynamoDB requests per batch`,
        `${ms(f.p50)} / ${ms(f.p95)}, ${(f.completeness * 100).toFixed(1)}%; ${requestsText(f.requestsPerBatch)}`,
        smallest && f !== smallest ? `N=${smallest.members}: ${ms(smallest.p50)} / ${ms(smallest.p95)}; ${requestsText(smallest.requestsPerBatch)}` : '',
        smallest && f !== smallest ? `p50 ${x(f.p50, smallest.p50)}` : '',
        'requests: 1 Query + ⌈N/100⌉ BatchGetItem',
      ]);
    }
    if (m.invite) {
      const i = m.invite;
      rows.push([`invite -> room frame on the invitee's socket: p50 / p95 / max (${i.invites} invites)`, `${ms(i.p50)} / ${ms(i.p95)} / ${ms(i.max)}`, '', '', '≤ 2 s']);
    }
  }
  const floodQuiet = r.flood?.find((f) => f.design === 'quiet');
  const flood = r.flood?.find((f) => f.design === 'flood');
  if (floodQuiet && flood) {
    rows.push([
      `one user floods (10 sockets, 400 full pages): another's delivery to ${flood.receivers + 1} members, p50 / p99 (beside: quiet)`,
      `${ms(flood.p50)} / ${ms(flood.p99)}, ${(flood.completeness * 100).toFixed(1)}%`,
      `${ms(floodQuiet.p50)} / ${ms(floodQuiet.p99)}, ${(floodQuiet.completeness * 100).toFixed(1)}%`,
      `p99 ${x(flood.p99, floodQuiet.p99)}` +
        (r.floodRatios && r.floodRatios.length > 1 ? ` (median of ${r.floodRatios.map((v) => `${v.toFixed(2)}×`).join(', ')})` : ''),
      'p99 ≤ 2×',
    ]);
  }
  return rows;
}

export function table(rows: string[][]): string {
  const [head, ...body] = rows;
  return [`| ${head!.join(' | ')} |`, `|${head!.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Why the cold start goal is missed, with this run's own figures. */
function missedGoals(r: Results): string {
  const parts: string[] = [];
  const cold = r.coldStart ?? [];
  if (cold.length > 0) {
    const lines = cold.map(
      (c) =>
        `  ${c.name}: import ${x(c.importMs, c.naiveImportMs)} of the naive bundle's, first event ${x(c.firstEventMs, c.naiveFirstEventMs)};`,
    );
    parts.push(`- **Cold start, init ≤ 0.4×**: the import, which is where the bundles differ, is under half the naive one's:
${lines.join('\n')}
  the first event runs the same code in both (the AWS SDK's first request: credentials, endpoint rules,
  signing, a new connection; and for the api, Node loading undici for Hono's \`Request\`), so it costs the
  same. With a first event of f ms and a naive import of I ms, 0.4× overall needs an import under
  0.4 I - 0.6 f: about 25-35 ms here, less than compiling the AWS SDK alone. The cuts made: zod/mini
  (32 KB instead of 93), ESM builds that tree-shake, no credential providers Lambda never loads.`);
  }
  return parts.length > 0 ? `\nWhere a goal is missed:\n${parts.join('\n')}\n` : '';
}

export function markdown(r: Results): string {
  const sizes = [10, 100, 1000, 10_000];
  const capRows = [['room size', 'baseline msg/s', 'ours, a post per message', 'ours, coalesced', 'coalesced ÷ baseline', 'coalesced, quota ×10']];
  for (const s of sizes) {
    const c = capacity(s);
    const raised = capacity(s, aws.accountThrottle * 10);
    capRows.push([String(s), c.baseline.toFixed(1), c.oursPerMessage.toFixed(1), c.oursCoalesced.toFixed(0), x(c.oursCoalesced, c.baseline), raised.oursCoalesced.toFixed(0)]);
  }
  const stormRows = [['room size', 'events/s', 'today msg/s', 'ours msg/s', 'storm posts/s today', 'storm posts/s ours']];
  for (const size of [100, 1000, 10_000]) {
    for (const e of [10, 50]) {
      const c = capacityWithStorm(size, e);
      stormRows.push([String(size), String(e), c.today.toFixed(0), c.ours.toFixed(0), c.todayStormPosts.toFixed(0), c.oursStormPosts.toFixed(0)]);
    }
  }
  const costRows = [['room size', 'baseline', 'ours, quiet room (1 msg/batch)', `ours, busy room (${assume.busyMessagesPerBatch} msg/batch)`]];
  for (const s of [10, 100, 1000]) {
    costRows.push([String(s), usd(cost(s, 'baseline').perMillionDeliveries), usd(cost(s, 'ours-quiet').perMillionDeliveries), usd(cost(s, 'ours-busy').perMillionDeliveries)]);
  }
  return `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.
Everything runs on this one machine: DynamoDB Local (Java), the API Gateway WebSocket emulator,
the Streams poller, the handlers and the clients. These machines are noisy, so every figure
stands beside a baseline measured in the same run, and the ratio is what to read. DynamoDB Local
is a correctness tool, not a model of DynamoDB's speed: absolute numbers here say little about AWS.

## Results

${table(summaryRows(r))}

How each is measured:
- **Fan-out latency**: one room of N real WebSocket clients (the other nine rooms' N connections
  each exist as stored connections, so that a Scan has something to read); 5 senders send 200
  messages in all at 20 msg/s (4 each, under the per-connection rate limit); latency is send -> receive for every (message, receiver) pair,
  after a warm-up round. Baseline: the widely copied AWS sample's broadcast (\`bench/src/baseline-broadcaster.ts\`:
  a Scan of every connection and \`Promise.all\` of postToConnection per message, no grouping),
  swapped in for our stream handler on the same emulator and DynamoDB Local. Ours groups a stream
  batch by room, does one Query per room, and coalesces a room's messages into one
  \`messageBatch\` frame per connection (split at 32 KB), posting with a bounded pool.
- **Throughput**: 10 rooms of 5 senders + 50 receivers; each sender keeps one message in flight
  (sends the next on its ack). Beside it, PutItem/s with 64 in flight on the same DynamoDB Local.
- **Cold start**: see the table; init = a fresh \`node\` process importing the bundle and answering
  one event against DynamoDB Local, median of 20.
- **API**: autocannon, 50 connections, against the api app (tRPC through @hono/trpc-server) and a
  bare Hono route, both served by @hono/node-server in one child process. No goal: the former
  "auth.me ≥ 0.5× bare Hono" is retired. It measured a local cost of some 20 µs per request that
  API Gateway's milliseconds dwarf on AWS (where one Lambda container serves one request at a
  time), and meeting it took tRPC's private API; the figure stays, to show what tRPC and the auth
  check cost per request.
- **Connections**: a child process opens idle clients 64 at a time through \`$connect\`; the
  emulator's process memory is read with them open.
- **Presence and typing storm**: one room of N real clients; 40 of them join, leave or type in turn,
  10 events a second in all, while 2 others send 5 messages a second; message latency is measured
  at the clients that stay in the room. Ours: the events are Activity items (\`bench/src/presence-storm.ts\`);
  today: each \`joinRoom\`/\`leaveRoom\` posts the full \`users\` list to every connection and each
  \`typing\` posts to every other user's connection at once (\`bench/src/baseline-presence.ts\`, the v1
  routes). Posts are counted on their way to the poster, by frame type and by the stream batch that
  made them (\`bench/src/post-recorder.ts\`); today has no batches, so its figure is posts per connection
  per second × ours' mean batch window.
- **Membership** (\`bench/src/membership.ts\`): connect = one user in R rooms opens a socket 30
  times; DynamoDB requests per \`$connect\` are counted on the handler's client, latency is the
  handshake. Baseline: the per-room subscription model (the connection, a Query of the user's
  memberships, one Subscription item per room in BatchWriteItems of 25) swapped in for \`$connect\`.
  Fan-out = a room of N members, all connected and none focusing it; one sender, 20 messages 300 ms
  apart; latency send -> receipt at every member; requests counted per stream batch. Invite = a
  connected user added to a fresh room 20 times: addMember -> its socket's \`room\` frame.
- **Edit storm**: one room of N real clients; 10 writers each keep one change in flight, edits of
  their own message and reactions alternately; latency is edit -> first receipt of the new text at
  every client (\`bench/src/edit-storm.ts\`).
- **rooms.list**: one user in N rooms (every 25th a DM), read up to seq 10; in 20 of them another
  user then sent 5 messages, one mentioning the user. Ours (\`listRoomSummaries\`): one Query of the
  memberships, BatchGetItem of the Room and RoomSeq items (100 keys a call), an unread Query only
  where lastSeq > readSeq, 8 calls in flight. Naive (\`bench/src/rooms-list.ts\`): per room a GetItem
  of the room, one of its counter and an unread Query, every room at once. The two run alternately
  in one process on the same tables (and must agree first); requests are counted by the SDK client.
${missedGoals(r)}
## Capacity on paper

API Gateway's account throttle (${aws.accountThrottle.toLocaleString('en-US')} requests/s) is shared by @connections posts.
Sustainable messages/s into one room of R connections:
- baseline and "ours, a post per message": every message costs R posts, so **L / R**;
- ours, coalesced: a room's records share a partition key, so its stream batches run one at a time;
  one batch carries up to ${assume.batchSize} messages (≈ ${assume.messageBytes} B each, one 32 KB frame) in one post per
  connection and takes ⌈R / ${assume.pool}⌉ × ${assume.postMs} ms; so
  **min(1 / batch time, L / R) × ${assume.batchSize}**.

${table(capRows)}

A raise of the account quota scales every column alike, until the coalesced design hits its
batch-time bound. The event source mapping's parallelization factor (1-10) runs batches of
different partition keys concurrently: it multiplies capacity across rooms, not within one room
(a room's order must hold).

### With a presence and typing storm

Joins, leaves and typing are Activity items that ride the same stream batches as messages: per
batch, per room, one Query (shared with the messages) and at most one \`presence\` frame (deltas)
and one \`typing\` frame per connection, posted beside the message frames as rooms are. Sustainable
messages/s into one room of R connections with e events/s:
- today: every event posts to every connection, so the messages get **L - e × R** posts/s;
- ours: a batch costs R × (message frames + at most 2) posts and still takes ⌈R / ${assume.pool}⌉ × ${assume.postMs} ms;
  so **min(1 / batch time, L / (R × (1 + min(2, e / batches/s)))) × ${assume.batchSize}**.

${table(stormRows)}

Goal (issue 11): with 10 events/s in a room of 1,000 the model still sustains ≥ 300 messages/s;
it gives ${capacityWithStorm(1000, 10).ours.toFixed(0)}. Today's design spends the whole default quota on the storm alone.

**What this model leaves out: the write side of one room.** The ${capacityWithStorm(1000, 10).ours.toFixed(0)} msg/s is what the fan-out
can carry into a room. What one room can *take* is bounded earlier, by its seq counter: every
change of a room is one transaction conditional on the counter value just read, so a room's
changes commit one at a time, each after a consistent read and a TransactWriteItems round trip.
Measured against DynamoDB Local (2026-11): 36–45 sends/s from one writer, 19–47 from 4,
15–30 from 16 (losers read again after a jittered backoff). On DynamoDB the same shape should
give roughly 1 / (GetItem + TransactWriteItems latency) per room, some tens of changes a second,
far under the fan-out's figure and far over what people type into one room; rooms do not share a
counter, so the total scales with rooms. We chose this over a counter taken first (which has no
such ceiling) because that breaks resumption (PITFALLS: writer A takes 5, B takes 6, B lands
first, a reader resumes from 6 and never sees 5; \`packages/db/src/change-feed.test.ts\` shows it).
Not measured on AWS: that row is owed.

## Cost on paper

Dollars per million delivered messages (one message reaching one connection), us-east-1 list
prices: API Gateway WebSocket $${aws.wsMessagePerMillion.toFixed(2)}/M messages (per 32 KB), Lambda arm64
$${aws.lambdaGbSecond}/GB-s + $${aws.lambdaRequestPerMillion.toFixed(2)}/M requests, DynamoDB on-demand $${aws.dynamoWruPerMillion}/M WRU and
$${aws.dynamoRruPerMillion}/M RRU, stream reads by Lambda free. Connection-minutes ($${aws.connectionMinutePerMillion.toFixed(2)}/M) are the same for both
designs and left out. Formulas (per message sent, then × 1,000,000 / R):
- both: 1 inbound message + 1 sendMessage invocation (${assume.sendMessageMs} ms at ${assume.lambdaMemoryGb * 1024} MB);
- baseline: R posts; a Scan of all 10 R connections (${assume.subscriptionBytes} B each, 0.5 RRU per 4 KB); 1 WRU;
- ours: (R posts + 1 Query of R subscriptions + 1 fan-out invocation) ÷ k messages per batch;
  4 WRU (message + clientMsgId claim in a transaction) + 0.5 RRU (membership).

${table(costRows)}

What dominates is API Gateway's per-message price: a design that posts once per connection per
message pays $1 per million deliveries whatever else it does; coalescing is the lever.
`;
}
