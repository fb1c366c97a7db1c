// The soak's bookkeeping: every send, its answer and every copy each client received, and from
// them the figures: lost, duplicated (after the clients' dedupe by id+seq), raw duplicates and
// the delivery latency of each minute.
import type { ErrorCode, Message } from '@chat/contract';
import { percentile } from '../clients.ts';

interface Send {
  client: number;
  room: number;
  sentAt: number;
  minute: number;
  answer?: 'ack' | ErrorCode;
}

export interface MinuteFigures {
  /** 1 for the first minute of sending. */
  minute: number;
  sent: number;
  acked: number;
  /** First copies received of the messages sent in this minute. */
  delivered: number;
  p50: number;
  p99: number;
  max: number;
}

export interface SoakFigures {
  sent: number;
  acked: number;
  /** Sends answered by an error frame, by code. */
  errors: Partial<Record<ErrorCode, number>>;
  /** Sends answered by neither an ack nor an error. */
  unanswered: number;
  /** Acked messages times the members of their room that stayed connected. */
  expected: number;
  /** An acked message that a member of its room, connected until the end, never received. */
  lost: number;
  /** One send shown twice after the clients' dedupe by id+seq: it reached a client as two messages (two ids). */
  duplicated: number;
  /** A copy of an (id, seq) the client already had: harmless (the client drops it), counted. */
  rawDuplicates: number;
  /** A copy received by a client that is not a member of the message's room. */
  misdelivered: number;
  /** Clients whose socket closed before the end. */
  disconnected: number;
  minutes: MinuteFigures[];
  p50: number;
  p99: number;
}

/** `roomOf(client)` is the one room client `client` is a member of. */
export class SoakTally {
  private readonly sends = new Map<string, Send>();
  private readonly members = new Map<number, number[]>();
  /** Per client: (id, seq) pairs received, and the message id each send was first shown as. */
  private readonly copies: Set<string>[];
  private readonly shown: Map<string, string>[];
  private readonly closed = new Set<number>();
  private readonly latencies: number[][] = [];
  private rawDuplicates = 0;
  private duplicated = 0;
  private misdelivered = 0;

  constructor(
    readonly clients: number,
    private readonly roomOf: (client: number) => number,
    private readonly startedAt: number,
  ) {
    this.copies = Array.from({ length: clients }, () => new Set());
    this.shown = Array.from({ length: clients }, () => new Map());
    for (let c = 0; c < clients; c++) {
      const room = roomOf(c);
      if (!this.members.has(room)) this.members.set(room, []);
      this.members.get(room)!.push(c);
    }
  }

  minuteOf(at: number): number {
    return Math.floor((at - this.startedAt) / 60_000);
  }

  sent(key: string, client: number, at: number) {
    this.sends.set(key, { client, room: this.roomOf(client), sentAt: at, minute: this.minuteOf(at) });
  }

  answered(key: string, answer: 'ack' | ErrorCode) {
    const send = this.sends.get(key);
    if (send && !send.answer) send.answer = answer;
  }

  /** A message as client `client` received it; copies of messages the soak did not send are ignored. */
  received(client: number, message: Message, at: number) {
    const send = this.sends.get(message.clientMsgId);
    if (!send) return;
    if (this.roomOf(client) !== send.room) {
      this.misdelivered++;
      return;
    }
    const copy = `${message.id}#${message.seq}`;
    if (this.copies[client]!.has(copy)) {
      this.rawDuplicates++;
      return;
    }
    this.copies[client]!.add(copy);
    const shownAs = this.shown[client]!.get(message.clientMsgId);
    if (shownAs !== undefined) {
      // The same id at another seq is a change of the message the client shows, not a second one.
      if (shownAs !== message.id) this.duplicated++;
      return;
    }
    this.shown[client]!.set(message.clientMsgId, message.id);
    (this.latencies[send.minute] ??= []).push(at - send.sentAt);
  }

  /**
   * Forgets every send and copy (the figures taken before stay right): what is left on the heap
   * after it is the stack's, not the soak's records, about 250 bytes per delivery.
   */
  dropRecords() {
    this.sends.clear();
    for (const set of this.copies) set.clear();
    for (const map of this.shown) map.clear();
    this.latencies.length = 0;
  }

  disconnected(client: number) {
    this.closed.add(client);
  }

  /** Sends not answered yet plus acked copies not received yet: 0 once everything arrived. */
  outstanding(): number {
    let outstanding = 0;
    for (const [key, send] of this.sends) {
      if (send.answer === undefined) outstanding++;
      else if (send.answer === 'ack') outstanding += this.missing(key, send).lost;
    }
    return outstanding;
  }

  /** Of the members of a send's room: those expected to receive it, and those of them who did not. */
  private missing(key: string, send: Send): { expected: number; lost: number } {
    let expected = 0;
    let lost = 0;
    for (const member of this.members.get(send.room)!) {
      const got = this.shown[member]!.has(key);
      // A member whose socket closed is expected only to have what it got before.
      if (this.closed.has(member) && !got) continue;
      expected++;
      if (!got) lost++;
    }
    return { expected, lost };
  }

  figures(): SoakFigures {
    const errors: SoakFigures['errors'] = {};
    let acked = 0;
    let unanswered = 0;
    let expected = 0;
    let lost = 0;
    const minutes: MinuteFigures[] = [];
    const minute = (m: number) => (minutes[m] ??= { minute: m + 1, sent: 0, acked: 0, delivered: 0, p50: NaN, p99: NaN, max: NaN });
    for (const [key, send] of this.sends) {
      minute(send.minute).sent++;
      if (send.answer === undefined) unanswered++;
      else if (send.answer !== 'ack') errors[send.answer] = (errors[send.answer] ?? 0) + 1;
      else {
        acked++;
        minute(send.minute).acked++;
        const missing = this.missing(key, send);
        expected += missing.expected;
        lost += missing.lost;
      }
    }
    const all: number[] = [];
    for (const [m, latencies] of this.latencies.entries()) {
      if (!latencies) continue;
      const sorted = [...latencies].sort((a, b) => a - b);
      Object.assign(minute(m), { delivered: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1)! });
      all.push(...latencies);
    }
    all.sort((a, b) => a - b);
    return {
      sent: this.sends.size,
      acked,
      errors,
      unanswered,
      expected,
      lost,
      duplicated: this.duplicated,
      rawDuplicates: this.rawDuplicates,
      misdelivered: this.misdelivered,
      disconnected: this.closed.size,
      // A minute with no sends (a short run) has no entry.
      minutes: minutes.filter(Boolean),
      p50: percentile(all, 50),
      p99: percentile(all, 99),
    };
  }
}

/** What makes a soak fail, as "lost 3"; empty when it passed. */
export function failuresOf(f: SoakFigures): string[] {
  const failures: string[] = [];
  if (f.lost) failures.push(`lost ${f.lost}`);
  if (f.duplicated) failures.push(`duplicated ${f.duplicated}`);
  if (f.misdelivered) failures.push(`misdelivered ${f.misdelivered}`);
  if (f.unanswered) failures.push(`unanswered ${f.unanswered}`);
  const errors = Object.values(f.errors).reduce((a, b) => a + b, 0);
  if (errors) failures.push(`refused ${errors} (${JSON.stringify(f.errors)})`);
  if (f.disconnected) failures.push(`disconnected ${f.disconnected}`);
  return failures;
}
