import type { Message, ServerEvent } from '@chat/contract';
import WebSocket from 'ws';

/** A bench client: a raw socket that counts what it receives. */
export class BenchClient {
  readonly seen = new Set<string>();
  duplicates = 0;
  acks = 0;
  onMessage: (m: Message, at: number) => void = () => {};
  onAck: (clientMsgId: string, at: number) => void = () => {};

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const at = performance.now();
      const frame = JSON.parse(String(data)) as ServerEvent;
      const messages = frame.type === 'message' ? [frame.message] : frame.type === 'messageBatch' ? frame.messages : [];
      if (frame.type === 'ack') {
        this.acks++;
        this.onAck(frame.clientMsgId, at);
      }
      for (const m of messages) {
        if (this.seen.has(m.id)) this.duplicates++;
        else {
          this.seen.add(m.id);
          this.onMessage(m, at);
        }
      }
    });
  }

  static open(url: string): Promise<BenchClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      ws.once('open', () => resolve(new BenchClient(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  send(frame: object) {
    this.ws.send(JSON.stringify(frame));
  }
}

/** Opens `count` clients with at most `concurrency` handshakes in flight. */
export async function openClients(count: number, url: (i: number) => Promise<string>, concurrency = 32): Promise<BenchClient[]> {
  const clients: BenchClient[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        clients[i] = await BenchClient.open(await url(i));
      }
    }),
  );
  return clients;
}

export function closeAll(clients: BenchClient[]) {
  for (const c of clients) c.ws.terminate();
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
