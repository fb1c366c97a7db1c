// 2. Throughput: 50 senders and 500 receivers (10 rooms of 5 + 50) for a fixed time, every
// sender keeping one message in flight; beside it, the raw PutItem rate of the same
// DynamoDB Local, the local ceiling.
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { localDynamoClient } from '@chat/local-runtime';
import { closeAll, sleep, type BenchClient } from './clients.ts';
import { startBenchStack } from './stack.ts';

export interface ThroughputResult {
  seconds: number;
  messagesPerSecond: number;
  deliveriesPerSecond: number;
  lost: number;
  duplicates: number;
  putItemCeiling: number;
}

const ROOMS = 10;
const SENDERS_PER_ROOM = 5;
const RECEIVERS_PER_ROOM = 50;

export async function throughput(endpoint: string, seconds: number): Promise<ThroughputResult> {
  const stack = await startBenchStack(endpoint, 'ours');
  try {
    const rooms = await Promise.all(Array.from({ length: ROOMS }, (_, i) => stack.newRoom(`tp-${i}`)));
    const perRoom = SENDERS_PER_ROOM + RECEIVERS_PER_ROOM;
    const clients = await stack.openMembers(ROOMS * perRoom, (i) => `t${i}`, (i) => rooms[Math.floor(i / perRoom)]!);
    let delivered = 0;
    for (const c of clients) c.onMessage = () => delivered++;
    const sent: number[] = new Array(ROOMS).fill(0);
    const deadline = performance.now() + seconds * 1000;
    const senders: [BenchClient, number][] = clients
      .map((c, i) => [c, i] as [BenchClient, number])
      .filter(([, i]) => i % perRoom < SENDERS_PER_ROOM);
    const started = performance.now();
    await Promise.all(
      senders.map(async ([sender, i]) => {
        const room = Math.floor(i / perRoom);
        let n = 0;
        while (performance.now() < deadline) {
          const acked = sender.acks;
          sender.send({ action: 'sendMessage', roomId: rooms[room], text: `tp ${i}/${n}`, clientMsgId: `tp-${i}-${n++}` });
          sent[room]!++;
          while (sender.acks === acked) await sleep(1);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const expected = sent.reduce((a, b) => a + b, 0) * perRoom;
    const drainDeadline = Date.now() + 60_000;
    while (delivered < expected && Date.now() < drainDeadline) await sleep(50);
    const drainedAt = (performance.now() - started) / 1000;
    const duplicates = clients.reduce((s, c) => s + c.duplicates, 0);
    closeAll(clients);
    return {
      seconds: elapsed,
      messagesPerSecond: sent.reduce((a, b) => a + b, 0) / elapsed,
      deliveriesPerSecond: delivered / drainedAt,
      lost: expected - delivered,
      duplicates,
      putItemCeiling: await putItemRate(endpoint, stack.db.names.users, 5),
    };
  } finally {
    await stack.stop();
  }
}

/** PutItem/s with 64 in flight: what this DynamoDB Local can absorb at all. */
async function putItemRate(endpoint: string, table: string, seconds: number): Promise<number> {
  const client = localDynamoClient(endpoint);
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async (_, w) => {
      while (performance.now() < deadline) {
        await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: `ceiling#${w}#${done}` }, v: { S: 'x'.repeat(200) } } }));
        done++;
      }
    }),
  );
  client.destroy();
  return done / ((performance.now() - started) / 1000);
}
