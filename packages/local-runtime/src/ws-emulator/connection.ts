// One client connection: its facts, its socket once $connect has let it in, its timers.
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import type { ConnectionFacts } from './events.ts';

export interface CloseCause {
  code: number;
  reason: string;
}

/** What $disconnect reports for a client cut because it stopped reading (1008: policy violation). */
export const slowConsumer: CloseCause = { code: 1008, reason: 'Client is not reading: too much unsent data' };

/** How long a closing handshake may take before the socket is cut. */
const closeGraceMs = 2000;

export class Connection {
  readonly facts: ConnectionFacts;
  lastActiveAt: number;
  /** The upgrade request's socket while $connect runs. */
  rawSocket: Duplex | undefined;
  /** Set once $connect has returned 2xx and the upgrade completed: only then is it postable. */
  socket: WebSocket | undefined;
  /** Resolves when the connection has ended (and its $disconnect, if any, was started). */
  readonly ended: Promise<void>;
  private markEnded!: () => void;
  private isEnded = false;
  private serverCause: CloseCause | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private maxTimer: NodeJS.Timeout | undefined;

  constructor(facts: ConnectionFacts) {
    this.facts = facts;
    this.lastActiveAt = facts.connectedAt;
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
  }

  get id(): string {
    return this.facts.connectionId;
  }

  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Starts the idle and the hard-limit clocks, as API Gateway does from the upgrade on. */
  attach(socket: WebSocket, idleTimeoutMs: number, maxConnectionMs: number): void {
    this.socket = socket;
    this.rawSocket = undefined;
    this.idleTimer = setTimeout(() => this.close(1001, 'Going away'), idleTimeoutMs).unref();
    this.maxTimer = setTimeout(() => this.close(1001, 'Going away'), maxConnectionMs).unref();
  }

  /** A frame from the client: it is active. */
  touch(): void {
    this.lastActiveAt = Date.now();
    this.idleTimer?.refresh();
  }

  /**
   * Sends a text frame verbatim. A client whose unsent data (ws's bufferedAmount: the socket's
   * write buffer and ws's queue) then passes `maxBufferedBytes` has stopped reading: it is cut
   * at once (a close frame would queue behind the data it does not read), and false is answered.
   */
  send(data: Buffer, maxBufferedBytes: number): boolean {
    const socket = this.socket;
    if (!socket || !this.open) return false;
    socket.send(data, { binary: false });
    if (socket.bufferedAmount <= maxBufferedBytes) return true;
    this.serverCause ??= slowConsumer;
    socket.terminate();
    return false;
  }

  /** Server-side close (timeout, DeleteConnection, shutdown); the first reason wins. */
  close(code: number, reason: string): void {
    this.serverCause ??= { code, reason };
    if (this.rawSocket) return void this.rawSocket.destroy();
    const socket = this.socket;
    if (!socket || socket.readyState >= WebSocket.CLOSING) return;
    socket.close(code, reason);
    // A client that never answers the close frame must not hold the connection open.
    setTimeout(() => socket.terminate(), closeGraceMs).unref();
  }

  /** What $disconnect reports: our reason when we closed it, else what the client's close said. */
  disconnectCause(code: number, reason: string): CloseCause {
    if (this.serverCause) return this.serverCause;
    // AWS's wording when the client's close frame carries no status code.
    if (code === 1005) return { code, reason: 'Client-side close frame status not set' };
    return { code, reason };
  }

  /** Returns false if it had already ended. */
  end(): boolean {
    if (this.isEnded) return false;
    this.isEnded = true;
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
    this.markEnded();
    return true;
  }
}
