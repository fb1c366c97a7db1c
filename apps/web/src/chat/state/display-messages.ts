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
  const cached = displayed.get(m);
  if (cached && cached.own === (m.userId === selfId)) return cached;
  const display: DisplayMessage = {
    key: `${m.userId}:${m.clientMsgId}`,
    id: m.id,
    roomId: m.roomId,
    userId: m.userId,
    username: m.username,
    text: m.text,
    createdAt: m.createdAt,
    clientMsgId: m.clientMsgId,
    replyTo: m.replyTo,
    own: m.userId === selfId,
    status: 'sent',
    error: null,
    message: m,
  };
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
    shown.push({
      key: `${self.id}:${o.clientMsgId}`,
      id: null,
      roomId,
      userId: self.id,
      username: self.username,
      text: o.text,
      createdAt: o.createdAt,
      clientMsgId: o.clientMsgId,
      replyTo: o.replyTo ?? null,
      own: true,
      status: o.status,
      error: o.error,
      message: null,
    });
  }
  return shown;
}
