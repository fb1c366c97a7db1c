// Own messages the server has not stored yet, in the order they were sent: pending until the
// stored message comes back (ack, broadcast), failed (with a reason) until retried or discarded.
import type { Store } from './store.ts';

export interface OutgoingMessage {
  clientMsgId: string;
  roomId: string;
  text: string;
  /** The thread's parent, for a reply. */
  replyTo?: string;
  createdAt: number;
  status: 'pending' | 'failed';
  /** Why it failed, as a sentence. */
  error: string | null;
}

export type Outbox = Store<OutgoingMessage[]>;

export function findOutgoing(outbox: Outbox, clientMsgId: string): OutgoingMessage | undefined {
  return outbox.get().find((o) => o.clientMsgId === clientMsgId);
}

export function addOutgoing(outbox: Outbox, outgoing: OutgoingMessage): void {
  outbox.set((all) => (all.some((o) => o.clientMsgId === outgoing.clientMsgId) ? all : [...all, outgoing]));
}

/** Marks it failed (error set) or pending again (error null). */
export function setOutgoingError(outbox: Outbox, clientMsgId: string, error: string | null): void {
  outbox.set((all) =>
    all.map((o) => (o.clientMsgId === clientMsgId ? { ...o, status: error === null ? 'pending' : 'failed', error } : o)),
  );
}

/** Stored (or discarded): out of the outbox. */
export function removeOutgoing(outbox: Outbox, clientMsgId: string): void {
  outbox.set((all) => (all.some((o) => o.clientMsgId === clientMsgId) ? all.filter((o) => o.clientMsgId !== clientMsgId) : all));
}
