// 8. Presence and typing storm: one room of N real clients (1,000 by default) in which 40 of
// them join, leave or type, 10 events a second in all, while 2 others send 5 messages a second.
// Ours: the events are Activity items that ride the stream batches (at most one presence and
// one typing frame per connection per batch). Today: each event posts to every connection of
// the room (bench/src/baseline-presence.ts). Both in the same run, on the same machine.
import { closeAll, percentile, sleep } from './clients.ts';
import { withTodaysPresence } from './baseline-presence.ts';
import { createPostRecorder } from './post-recorder.ts';
import { startBenchStack } from './stack.ts';

/** `quiet`: ours with the message flow alone, the reference for the messages' latency. */
export type StormDesign = 'ours' | 'today' | 'quiet';

export interface StormResult {
  design: StormDesign;
  connections: number;
  seconds: number;
  events: number;
  /** Posts per second of the storm window (the posts made for it, whenever they went out). */
  presencePostsPerSecond: number;
  typingPostsPerSecond: number;
  messagePostsPerSecond: number;
  /** Presence and typing posts per event (today: about one per connection of the room). */
  postsPerEvent: number;
  /** Ours: the most (and mean) posts one connection got from one stream batch. Today: posts per connection per (ours') batch window. */
  presencePerConnectionPerWindow: { max: number; mean: number };
  typingPerConnectionPerWindow: { max: number; mean: number };
  /** Mean time between stream batches in this run, ms. */
  batchWindowMs: number;
  batches: number;
  /** The concurrent message flow: send -> receive at every client. */
  p50: number;
  p95: number;
  p99: number;
  completeness: number;
  /** From the end of the storm until the last message and presence post arrived, s. */
  drainSeconds: number;
}

const ACTORS = 40;
const EVENTS_PER_SECOND = 10;
const SENDERS = 2;
const MESSAGES_PER_SECOND = 5;

export async function presenceStorm(
  endpoint: string,
  design: StormDesign,
  n: number,
  seconds: number,
  windowMs = NaN,
): Promise<StormResult> {
  const recorder = createPostRecorder();
  const stack = await startBenchStack(endpoint, 'ours', {
    wrap: (handler, deps) => recorder.wrap(design === 'today' ? withTodaysPresence(handler, deps) : handler, deps),
  });
  try {
    const room = await stack.newRoom('storm');
    // Short names: today's full `users` list of 1,000 must fit a frame (128 KB).
    const clients = await stack.openMembers(n, (i) => `s${i}`, () => room);
    const senders = clients.slice(0, SENDERS);
    const actors = clients.slice(SENDERS, SENDERS + ACTORS);
    // The actors leave and rejoin, so they miss messages: latency is measured at everyone else.
    const receivers = clients.filter((c) => !actors.includes(c));
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    for (const c of receivers) c.onMessage = (m, at) => latencies.push(at - sentAt.get(m.clientMsgId)!);

    // Warm-up: one message to everyone, not measured.
    senders[0]!.send({ action: 'sendMessage', roomId: room, text: 'warm-up', clientMsgId: 'warm' });
    sentAt.set('warm', performance.now());
    const warmDeadline = Date.now() + 120_000;
    while (receivers.some((c) => c.seen.size < 1) && Date.now() < warmDeadline) await sleep(20);
    latencies.length = 0;
    const postsBefore = { presence: recorder.posts('presence'), typing: recorder.posts('typing'), messages: messagePosts(recorder) };

    const started = performance.now();
    const deadline = started + seconds * 1000;
    // Each actor: typing, leave, join, typing, ... (half of them start at leave), one event every 100 ms in all.
    const phase = actors.map((_, a) => a % 2);
    const storm = (async () => {
      let events = 0;
      for (let i = 0; design !== 'quiet' && performance.now() < deadline; i++) {
        const a = i % ACTORS;
        const kind = phase[a]! % 3;
        phase[a]!++;
        const action = kind === 0 ? 'typing' : kind === 1 ? 'leaveRoom' : 'joinRoom';
        actors[a]!.send({ action, roomId: room });
        events++;
        await sleep(Math.max(0, started + (i + 1) * (1000 / EVENTS_PER_SECOND) - performance.now()));
      }
      return events;
    })();
    const flow = Promise.all(
      senders.map(async (sender, s) => {
        for (let i = 0; performance.now() < deadline; i++) {
          const clientMsgId = `storm-${s}-${i}`;
          sentAt.set(clientMsgId, performance.now());
          sender.send({ action: 'sendMessage', roomId: room, text: `storm ${s}/${i}`, clientMsgId });
          await sleep((SENDERS * 1000) / MESSAGES_PER_SECOND);
        }
      }),
    );
    const [events] = await Promise.all([storm, flow]);
    const stormEnded = performance.now();
    const expected = [...sentAt.keys()].filter((id) => id !== 'warm').length * receivers.length;
    const drainDeadline = Date.now() + 180_000;
    // Drained: every message delivered, and no post of any kind for a second.
    let lastCount = -1;
    let quietSince = performance.now();
    while (Date.now() < drainDeadline) {
      const count = recorder.posts('presence') + recorder.posts('typing') + messagePosts(recorder);
      if (count !== lastCount) {
        lastCount = count;
        quietSince = performance.now();
      } else if (latencies.length >= expected && performance.now() - quietSince > 1000) break;
      await sleep(100);
    }
    const drainSeconds = Math.max(0, quietSince - stormEnded) / 1000;
    latencies.sort((a, b) => a - b);
    closeAll(clients);
    const elapsed = (stormEnded - started) / 1000;
    const window = design === 'today' ? windowMs : recorder.meanBatchIntervalMs();
    const perWindow = (type: 'presence' | 'typing', before: number) => {
      if (design !== 'today') {
        const { max, mean } = recorder.perConnectionPerBatch(type);
        return { max, mean };
      }
      // No batches today: every event posts at once; per connection per (ours') window on average.
      const perConnectionPerSecond = (recorder.posts(type) - before) / n / elapsed;
      return { max: NaN, mean: (perConnectionPerSecond * window) / 1000 };
    };
    return {
      design,
      connections: n,
      seconds: elapsed,
      events,
      presencePostsPerSecond: (recorder.posts('presence') - postsBefore.presence) / elapsed,
      typingPostsPerSecond: (recorder.posts('typing') - postsBefore.typing) / elapsed,
      messagePostsPerSecond: (messagePosts(recorder) - postsBefore.messages) / elapsed,
      postsPerEvent: events ? (recorder.posts('presence') - postsBefore.presence + recorder.posts('typing') - postsBefore.typing) / events : 0,
      presencePerConnectionPerWindow: perWindow('presence', postsBefore.presence),
      typingPerConnectionPerWindow: perWindow('typing', postsBefore.typing),
      batchWindowMs: window,
      batches: recorder.batches,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      completeness: latencies.length / expected,
      drainSeconds,
    };
  } finally {
    await stack.stop();
  }
}

const messagePosts = (r: ReturnType<typeof createPostRecorder>) => r.posts('message') + r.posts('messageBatch');
