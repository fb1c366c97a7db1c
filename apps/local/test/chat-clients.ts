// Test helpers: the chat's HTTP API by plain fetch, and raw WebSocket clients that record every
// frame (duplicates included) and can wait for one.
import type { Message, ServerEvent } from '@chat/contract';
import WebSocket from 'ws';

export interface Account {
  id: string;
  username: string;
  token: string;
}

/** A tRPC call over HTTP (a query as GET ?input=, a mutation as a JSON POST); throws on an error answer. */
export async function trpc<T>(apiUrl: string, kind: 'query' | 'mutation', path: string, input: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res =
    kind === 'query'
      ? await fetch(`${apiUrl}/${path}?${new URLSearchParams({ input: JSON.stringify(input) })}`, { headers })
      : await fetch(`${apiUrl}/${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!res.ok || !body.result) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

export async function signup(apiUrl: string, username: string): Promise<Account> {
  const { token, user } = await trpc<{ token: string; user: { id: string; username: string } }>(apiUrl, 'mutation', 'auth.signup', {
    email: `${username}@example.com`,
    password: 'correct horse battery',
    username,
  });
  return { id: user.id, username: user.username, token };
}

/** A room's whole history over HTTP (messages.list, page after page), oldest first. */
export async function history(apiUrl: string, token: string, roomId: string): Promise<Message[]> {
  const all: Message[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await trpc<{ messages: Message[]; nextCursor: string | null }>(
      apiUrl,
      'query',
      'messages.list',
      { roomId, limit: 100, ...(before && { before }) },
      token,
    );
    all.push(...page.messages);
    if (page.nextCursor === null) return all.reverse();
    before = page.nextCursor;
  }
}

/** A raw `ws` client: every frame it got, in order, and waits on them. */
export class RecordingSocket {
  readonly frames: ServerEvent[] = [];
  /** Frames that are not chat events: API Gateway's `{"message":"Internal server error",...}`. */
  readonly foreign: unknown[] = [];
  private waiters: (() => void)[] = [];
  private listeners: ((frame: ServerEvent) => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerEvent | { message: string };
      if (!('type' in frame)) this.foreign.push(frame);
      else {
        this.frames.push(frame);
        for (const listener of this.listeners) listener(frame);
      }
      for (const wake of [...this.waiters]) wake();
    });
  }

  static open(url: string): Promise<RecordingSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(new RecordingSocket(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  send(frame: object) {
    this.ws.send(JSON.stringify(frame));
  }

  /** Called with each chat frame from now on. */
  onFrame(listener: (frame: ServerEvent) => void) {
    this.listeners.push(listener);
  }

  /** Every message state that came live (`message`, `messageBatch`), duplicates included, in order. */
  broadcastMessages(): Message[] {
    return this.frames.flatMap((f) => (f.type === 'message' ? [f.message] : f.type === 'messageBatch' ? f.messages : []));
  }

  /** Waits until `predicate` holds for the frames so far; the deadline only bounds a failing test. */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = predicate();
      if (result) return result;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms; last frames: ${JSON.stringify(this.frames.slice(-5)).slice(0, 2000)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.push(wake);
      });
    }
  }

  /** A WebSocket ping's pong travels behind every frame sent before it: once back, those have all arrived. */
  flush(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('pong', () => resolve());
      this.ws.ping(undefined, undefined, (error) => error && reject(error));
    });
  }

  close() {
    this.ws.terminate();
  }
}

/** How many times each message state (id and seq) arrived. */
export function stateCounts(messages: readonly Message[]): Map<string, Map<number, number>> {
  const counts = new Map<string, Map<number, number>>();
  for (const m of messages) {
    const bySeq = counts.get(m.id) ?? new Map<number, number>();
    bySeq.set(m.seq, (bySeq.get(m.seq) ?? 0) + 1);
    counts.set(m.id, bySeq);
  }
  return counts;
}
