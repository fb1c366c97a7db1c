// What the message list shows: a room's stored messages, then its outgoing ones.
import type { Message, Principal } from '@chat/contract';
import type { OutgoingMessage } from './outbox.ts';

export type SendStatus = 'pending' | 'sent' | 'failed';

export interface DisplayMessage {
  /** Stable from pending to sent: `userId:clientMsgId`. */
  key: string;
  /** null until stored. */
  id: string | null;
  roomId: string;
  userId: string;
  username: string;
  text: string;
  createdAt: number;
  clientMsgId: string;
  replyTo: string | null;
  own: boolean;
  status: SendStatus;
  error: string | null;
  /** The stored message in its current state (reactions, replies, edits, deletion); null until stored. */
  message: Message | null;
}

// One display object per stored message state (and viewer), so memoized rows skip unchanged ones.
const displayed = new WeakMap<Message, DisplayMessage>();

function displayOf(m: Message, selfId: string): DisplayMessage {
  const own = m.userId === selfId;
  const cached = displayed.get(m);
  if (cached?.own === own) return cached;
  const { id, roomId, userId, username, text, createdAt, clientMsgId, replyTo } = m;
  const key = `${userId}:${clientMsgId}`;
  const display: DisplayMessage = { key, id, roomId, userId, username, text, createdAt, clientMsgId, replyTo, own, status: 'sent', error: null, message: m };
  displayed.set(m, display);
  return display;
}

/** Stored messages (oldest first), then the room's outgoing ones not stored yet, in the order sent. */
export function displayMessages(self: Principal, stored: readonly Message[], outbox: readonly OutgoingMessage[], roomId: string): DisplayMessage[] {
  const shown = stored.map((m) => displayOf(m, self.id));
  const outgoing = outbox.filter((o) => o.roomId === roomId);
  if (outgoing.length === 0) return shown;
  // A reload can load a pending message's stored copy before its (re)send is acked.
  const storedIds = new Set(stored.filter((m) => m.userId === self.id).map((m) => m.clientMsgId));
  for (const o of outgoing) {
    if (storedIds.has(o.clientMsgId)) continue;
    const { clientMsgId, text, createdAt, status, error } = o;
    const key = `${self.id}:${clientMsgId}`;
    const { id: userId, username } = self;
    shown.push({ key, id: null, roomId, userId, username, text, createdAt, clientMsgId, replyTo: o.replyTo ?? null, own: true, status, error, message: null });
  }
  return shown;
}
