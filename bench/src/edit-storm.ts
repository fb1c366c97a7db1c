// 9. Edit storm: one room of N real clients; 10 writers keep one change each in flight (edits
// of their own messages and reactions, alternately) for a fixed time. A change is a MODIFY
// record of the Message item, fanned out like a new message: coalesced per stream batch into
// one frame per connection. Measured: changes/s, change -> receipt latency of the edits,
// posts per connection per batch, changes carried per post, and that every client ends with
// every message's final state.
import type { Message, Principal, ServerEvent } from '@chat/contract';
import { type Db, editMessage, reactToMessage } from '@chat/db';
import { closeAll, percentile, sleep } from './clients.ts';
import { createPostRecorder } from './post-recorder.ts';
import { startBenchStack } from './stack.ts';

/** The changes the storm makes, through the store's own functions (what messages.edit / react call). */
export interface MessageChanges {
  edit(ref: { roomId: string; messageId: string }, text: string, by: Principal): Promise<unknown>;
  react(ref: { roomId: string; messageId: string }, emoji: string, on: boolean, by: Principal): Promise<unknown>;
}

export function storeChanges(db: Db): MessageChanges {
  return {
    edit: (ref, text, by) => editMessage(db, { ...ref, text }, by, Date.now()),
    react: (ref, emoji, on, by) => reactToMessage(db, { ...ref, emoji, on }, by),
  };
}

export interface EditStormResult {
  connections: number;
  seconds: number;
  changes: number;
  changesPerSecond: number;
  /** (receiver, message) pairs that ended with the message's final text: the goal is all of them. */
  finalStateDelivered: number;
  /** Edits seen by the receivers, of all edits made: less than 1 where a later change of the
   * same message in the same batch superseded one (each frame carries a message's latest state). */
  editsSeen: number;
  p50: number;
  p99: number;
  postsPerSecond: number;
  /** Changes one post carried on average (coalescing). */
  changesPerPost: number;
  /** The most message posts one connection got from one stream batch. */
  maxPostsPerConnectionPerBatch: number;
  batches: number;
}

const WRITERS = 10;

export async function editStorm(endpoint: string, n: number, seconds: number): Promise<EditStormResult> {
  const recorder = createPostRecorder();
  const stack = await startBenchStack(endpoint, 'ours', { wrap: (handler, deps) => recorder.wrap(handler, deps) });
  const changes = storeChanges(stack.db);
  try {
    const room = await stack.newRoom('edits');
    const clients = await stack.openMembers(n, (i) => `e${i}`, () => room);
    const writers = clients.slice(0, WRITERS);
    // Each writer's own message, to edit.
    const own: Message[] = [];
    await Promise.all(
      writers.map(async (w, i) => {
        const got = new Promise<Message>((resolve) =>
          w.ws.on('message', (data) => {
            const f = JSON.parse(String(data)) as ServerEvent;
            if (f.type === 'ack' && f.clientMsgId === `seed-${i}`) resolve(f.message);
          }),
        );
        w.send({ action: 'sendMessage', roomId: room, text: `seed ${i}`, clientMsgId: `seed-${i}` });
        own[i] = await got;
      }),
    );
    // Every receiver: the first time it sees each edit's text.
    const editedAt = new Map<string, number>();
    const latencies: number[] = [];
    const seenBy: Set<string>[] = [];
    for (const c of clients) {
      const seen = new Set<string>();
      seenBy.push(seen);
      c.ws.on('message', (data) => {
        const at = performance.now();
        const f = JSON.parse(String(data)) as ServerEvent;
        const ms = f.type === 'message' ? [f.message] : f.type === 'messageBatch' ? f.messages : [];
        for (const m of ms) {
          const sent = editedAt.get(m.text);
          if (sent === undefined || seen.has(m.text)) continue;
          seen.add(m.text);
          latencies.push(at - sent);
        }
      });
    }
    const postsBefore = recorder.posts('message') + recorder.posts('messageBatch');
    const started = performance.now();
    const deadline = started + seconds * 1000;
    let made = 0;
    let edits = 0;
    const finalText: string[] = own.map((m) => m.text);
    await Promise.all(
      writers.map(async (_, i) => {
        const by = { id: `e${i}`, username: `e${i}` };
        for (let k = 0; performance.now() < deadline; k++) {
          const target = own[(i + k) % WRITERS]!;
          if (k % 2 === 0) {
            const text = `edit ${i}/${k}`;
            editedAt.set(text, performance.now());
            await changes.edit({ roomId: room, messageId: own[i]!.id }, text, by);
            finalText[i] = text;
            edits++;
          } else {
            await changes.react({ roomId: room, messageId: target.id }, '👍', k % 4 === 1, by);
          }
          made++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const expected = edits * n;
    const finals = () => seenBy.reduce((sum, seen) => sum + finalText.filter((t) => seen.has(t)).length, 0);
    const drainDeadline = Date.now() + 60_000;
    while (finals() < n * WRITERS && Date.now() < drainDeadline) await sleep(50);
    latencies.sort((a, b) => a - b);
    closeAll(clients);
    const posts = recorder.posts('message') + recorder.posts('messageBatch') - postsBefore;
    return {
      connections: n,
      seconds: elapsed,
      changes: made,
      changesPerSecond: made / elapsed,
      finalStateDelivered: finals() / (n * WRITERS),
      editsSeen: expected ? latencies.length / expected : 0,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      postsPerSecond: posts / elapsed,
      changesPerPost: posts ? (made * n) / posts : 0,
      maxPostsPerConnectionPerBatch: Math.max(
        recorder.perConnectionPerBatch('message').max,
        recorder.perConnectionPerBatch('messageBatch').max,
      ),
      batches: recorder.batches,
    };
  } finally {
    await stack.stop();
  }
}
