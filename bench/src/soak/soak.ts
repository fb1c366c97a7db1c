// The soak: `clients` clients (distinct users) in `rooms` rooms, each a member of its room, each
// sending one message every `sendIntervalMs` and a ping every 20 s (as the web app does) for
// `minutes`, on the bench's local stack (DynamoDB Local, the API Gateway emulator, the Streams
// poller, the ws handler). Every copy each client receives is tallied (./tally.ts).
import type { ServerEvent } from '@chat/contract';
import { closeAll, sleep, type BenchClient } from '../clients.ts';
import { startBenchStack } from '../stack.ts';
import { type MemorySample, sampleMemory } from './memory.ts';
import { minuteText } from './report.ts';
import { type SoakFigures, SoakTally } from './tally.ts';

export interface SoakOptions {
  minutes: number;
  clients: number;
  rooms: number;
  /** Each client sends one message every this many ms (staggered: the total rate is steady). */
  sendIntervalMs: number;
  /** How long to wait, after the last send, for every answer and copy. */
  drainTimeoutMs?: number;
  /** DynamoDB Local's pid: its memory is reported too. */
  dynamoPid?: number;
  /** Progress, a line each minute. */
  log?: (line: string) => void;
}

export interface SoakResult extends SoakFigures {
  options: SoakOptions;
  setupSeconds: number;
  drainSeconds: number;
  memory: {
    /** After the clients connected and warmed up, after a full collection. */
    start: MemorySample;
    /** At the end of each minute (no forced collection: that would pause delivery). */
    perMinute: MemorySample[];
    /**
     * After the drain, every client still open, the soak's own records of the sends and copies
     * dropped, after a full collection: beside `start`, what the stack kept.
     */
    end: MemorySample;
    /** The same with the soak's records still held. */
    endWithRecords: MemorySample;
  };
}

const PING_INTERVAL_MS = 20_000;
const WARM_UP_TIMEOUT_MS = 60_000;
const TEXT_FILLER = 'a steady chat line of about the length people type, nothing more to it';

export async function soak(endpoint: string, options: SoakOptions): Promise<SoakResult> {
  const { clients: count, rooms: roomCount, minutes, sendIntervalMs } = options;
  const log = options.log ?? (() => {});
  const setupStarted = performance.now();
  const stack = await startBenchStack(endpoint, 'ours');
  let clients: BenchClient[] = [];
  try {
    const rooms = await Promise.all(Array.from({ length: roomCount }, (_, r) => stack.newRoom(`soak-${r}`)));
    const roomOf = (client: number) => client % roomCount;
    clients = await stack.openMembers(count, (i) => `soak${i}`, (i) => rooms[roomOf(i)]!);
    await warmUp(clients, rooms, roomOf);
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    log(`setup: ${count} clients connected and warmed up in ${setupSeconds.toFixed(1)} s`);

    const start = sampleMemory({ collect: true, dynamoPid: options.dynamoPid });
    const startedAt = performance.now();
    const durationMs = minutes * 60_000;
    const tally = new SoakTally(count, roomOf, startedAt);
    let finished = false;
    for (const [i, client] of clients.entries()) listen(client, i, tally, () => finished);

    const perMinute: MemorySample[] = [];
    const progress = setInterval(() => {
      const sample = sampleMemory({ dynamoPid: options.dynamoPid });
      perMinute.push(sample);
      const m = tally.figures().minutes.find((f) => f.minute === perMinute.length);
      log(`minute ${perMinute.length}: ${minuteText(m)}, rss ${sample.rssMb.toFixed(0)} MB, heapUsed ${sample.heapUsedMb.toFixed(0)} MB`);
    }, 60_000);
    try {
      await Promise.all(
        clients.map((client, i) => {
          // Client i's first send and ping at its share of the interval: a steady total rate.
          const phase = i / count;
          let n = 0;
          return Promise.all([
            every(startedAt, phase * sendIntervalMs, sendIntervalMs, durationMs, () => {
              if (client.ws.readyState !== client.ws.OPEN) return;
              const key = `k${i}-${n++}`;
              tally.sent(key, i, performance.now());
              client.send({ action: 'sendMessage', id: key, roomId: rooms[roomOf(i)], text: `${key} ${TEXT_FILLER}`, clientMsgId: key });
            }),
            every(startedAt, phase * PING_INTERVAL_MS, PING_INTERVAL_MS, durationMs, () => {
              if (client.ws.readyState === client.ws.OPEN) client.send({ action: 'ping' });
            }),
          ]);
        }),
      );
    } finally {
      clearInterval(progress);
    }
    // The last minute's end is the end of sending: its timer may have been cleared first.
    if (perMinute.length < Math.floor(minutes)) perMinute.push(sampleMemory({ dynamoPid: options.dynamoPid }));

    const drainStarted = performance.now();
    const drainDeadline = drainStarted + (options.drainTimeoutMs ?? 60_000);
    // Polls the tally: no frame says "that was the last copy".
    while (tally.outstanding() > 0 && performance.now() < drainDeadline) await sleep(100);
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    finished = true;
    const figures = tally.figures();
    const endWithRecords = sampleMemory({ collect: true, dynamoPid: options.dynamoPid });
    tally.dropRecords();
    for (const client of clients) client.seen.clear(); // BenchClient's own record of ids, O(deliveries) too
    const end = sampleMemory({ collect: true, dynamoPid: options.dynamoPid });
    return { ...figures, options, setupSeconds, drainSeconds, memory: { start, perMinute, end, endWithRecords } };
  } finally {
    closeAll(clients);
    await stack.stop();
  }
}

function listen(client: BenchClient, i: number, tally: SoakTally, finished: () => boolean) {
  client.ws.on('message', (data) => {
    const at = performance.now();
    const frame = JSON.parse(String(data)) as ServerEvent;
    if (frame.type === 'message') tally.received(i, frame.message, at);
    else if (frame.type === 'messageBatch') for (const m of frame.messages) tally.received(i, m, at);
    else if (frame.type === 'ack') tally.answered(frame.clientMsgId, 'ack');
    else if (frame.type === 'error' && (frame.clientMsgId ?? frame.id)) tally.answered((frame.clientMsgId ?? frame.id)!, frame.code);
  });
  client.ws.on('close', () => {
    if (!finished()) tally.disconnected(i);
  });
}

/** One message per room, awaited by every member: every socket is known to deliver before the clock starts. */
async function warmUp(clients: BenchClient[], rooms: string[], roomOf: (client: number) => number) {
  for (const [r, room] of rooms.entries()) {
    const first = clients.findIndex((_, i) => roomOf(i) === r);
    if (first >= 0) clients[first]!.send({ action: 'sendMessage', roomId: room, text: 'warm-up', clientMsgId: `warm-${r}` });
  }
  const deadline = performance.now() + WARM_UP_TIMEOUT_MS;
  while (clients.some((c) => c.seen.size < 1)) {
    if (performance.now() > deadline) throw new Error(`warm-up: ${clients.filter((c) => c.seen.size < 1).length} clients never got their room's first message`);
    await sleep(20);
  }
}

/**
 * Calls `fn` at `base + offset`, then every `interval` after it, while the offset is before
 * `duration`, each on time however long the last took. Offsets are counted from `base`, not
 * summed onto it: `base + 15000 + 15000 + ...` can round to an ulp below `base + 60000` and send
 * a fifth message in a four-message minute.
 */
async function every(base: number, offset: number, interval: number, duration: number, fn: () => void) {
  for (let k = 0; offset + k * interval < duration; k++) {
    const at = base + offset + k * interval;
    // A timer may fire a fraction of a millisecond early (libuv's clock is in whole ms).
    while (performance.now() < at) await sleep(Math.max(1, at - performance.now()));
    fn();
  }
}
