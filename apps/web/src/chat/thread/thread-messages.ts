// A thread's replies as the panel shows them: the page messages.list {replyTo} answered, merged
// with what the room holds (live replies and later states of listed ones): one per id, the
// higher seq winning, oldest first.
import type { Message } from '@chat/contract';

export function threadReplies(parentId: string, listed: readonly Message[], inRoom: readonly Message[]): Message[] {
  const byId = new Map<string, Message>();
  for (const message of [...listed, ...inRoom]) {
    if (message.replyTo !== parentId) continue;
    const known = byId.get(message.id);
    if (!known || message.seq > known.seq) byId.set(message.id, message);
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
