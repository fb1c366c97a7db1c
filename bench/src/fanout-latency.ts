// 1. Fan-out latency: one room of N real clients (9 more rooms of N connections each exist
// only as stored connections, so a Scan has them to read), 200 messages from 5 senders.
import { putConnection, subscribe } from '@chat/db';
import { closeAll, percentile, sleep } from './clients.ts';
import { startBenchStack, type Design } from './stack.ts';

export interface LatencyResult {
  design: Design;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  completeness: number;
  duplicates: number;
  /** sendMessage -> ack p50: the write path alone (validate, conditional write, ack). */
  ackP50: number;
}

const MESSAGES = 200;
const SENDERS = 5;
const SEND_INTERVAL_MS = 250; // each sender: 4 messages/s (under the per-connection limit), 20 messages/s in all

export async function fanOutLatency(endpoint: string, design: Design, n: number): Promise<LatencyResult> {
  const stack = await startBenchStack(endpoint, design);
  try {
    const room = await stack.newRoom('bench');
    // The other nine rooms' connections, stored like real ones.
    const others = Array.from({ length: 9 * n }, (_, i) => i);
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    for (let i = 0; i < others.length; i += 64) {
      await Promise.all(
        others.slice(i, i + 64).map(async (k) => {
          const c = { connectionId: `idle${k}=`, userId: `idle${k}`, username: `idle${k}`, connectedAt: Date.now(), expiresAt };
          await putConnection(stack.db, c);
          await subscribe(stack.db, c, `other-${k % 9}`);
        }),
      );
    }
    const clients = await stack.openMembers(n, (i) => `u${i}`, () => room);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const ackLatencies: number[] = [];
    for (const c of clients) {
      c.onMessage = (m, at) => latencies.push(at - sentAt.get(m.clientMsgId)!);
      c.onAck = (clientMsgId, at) => ackLatencies.push(at - sentAt.get(clientMsgId)!);
    }

    // Warm up (first-use costs of clients, connections and code paths), not measured.
    clients[0]!.send({ action: 'sendMessage', roomId: room, text: 'warm-up', clientMsgId: 'warm' });
    sentAt.set('warm', performance.now());
    const warmDeadline = Date.now() + 60_000;
    while (clients.some((c) => c.seen.size < 1) && Date.now() < warmDeadline) await sleep(20);
    latencies.length = 0;
    ackLatencies.length = 0;
    for (const c of clients) c.seen.clear();

    const perSender = MESSAGES / SENDERS;
    await Promise.all(
      Array.from({ length: SENDERS }, async (_, s) => {
        const sender = clients[s % clients.length]!;
        for (let i = 0; i < perSender; i++) {
          const clientMsgId = `s${s}-${i}`;
          sentAt.set(clientMsgId, performance.now());
          sender.send({ action: 'sendMessage', roomId: room, text: `bench ${s}/${i}`, clientMsgId });
          await sleep(SEND_INTERVAL_MS);
        }
      }),
    );
    const expected = MESSAGES * n;
    const deadline = Date.now() + 180_000;
    while (latencies.length < expected && Date.now() < deadline) await sleep(50);
    await sleep(300); // late duplicates would show here
    latencies.sort((a, b) => a - b);
    const duplicates = clients.reduce((sum, c) => sum + c.duplicates, 0);
    closeAll(clients);
    return {
      design,
      n,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      completeness: latencies.length / expected,
      duplicates,
      ackP50: percentile(ackLatencies.sort((a, b) => a - b), 50),
    };
  } finally {
    await stack.stop();
  }
}
