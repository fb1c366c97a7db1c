// What must survive a reload or a lost connection: the outbox (own messages not confirmed yet)
// and each room's unsent draft. Per user, in localStorage; nothing typed is ever lost.
import type { Outbox, OutgoingMessage } from './outbox.ts';

const outboxKey = (userId: string) => `chat.outbox.${userId}`;
const draftKey = (userId: string, roomId: string) => `chat.draft.${userId}.${roomId}`;

function isOutgoing(value: unknown): value is OutgoingMessage {
  const o = value as Partial<OutgoingMessage> | null;
  return (
    typeof o?.clientMsgId === 'string' &&
    typeof o.roomId === 'string' &&
    typeof o.text === 'string' &&
    typeof o.createdAt === 'number' &&
    (o.status === 'pending' || o.status === 'failed') &&
    (o.replyTo === undefined || typeof o.replyTo === 'string')
  );
}

export function loadOutbox(userId: string, storage: Storage = localStorage): OutgoingMessage[] {
  try {
    const value: unknown = JSON.parse(storage.getItem(outboxKey(userId)) ?? '[]');
    return Array.isArray(value) ? value.filter(isOutgoing).map((o) => ({ ...o, error: o.error ?? null })) : [];
  } catch {
    return [];
  }
}

/** Writes the outbox whenever it changes; returns the unsubscribe function. */
export function persistOutbox(store: Outbox, userId: string, storage: Storage = localStorage): () => void {
  let last = store.get();
  return store.subscribe(() => {
    const outbox = store.get();
    if (outbox === last) return;
    last = outbox;
    try {
      if (outbox.length) storage.setItem(outboxKey(userId), JSON.stringify(outbox));
      else storage.removeItem(outboxKey(userId));
    } catch {
      // storage full or disabled: the outbox still lives in memory
    }
  });
}

export function loadDraft(userId: string, roomId: string, storage: Storage = localStorage): string {
  try {
    return storage.getItem(draftKey(userId, roomId)) ?? '';
  } catch {
    return '';
  }
}

export function saveDraft(userId: string, roomId: string, text: string, storage: Storage = localStorage): void {
  try {
    if (text) storage.setItem(draftKey(userId, roomId), text);
    else storage.removeItem(draftKey(userId, roomId));
  } catch {
    // storage full or disabled: the draft still lives in the composer
  }
}

/** On an explicit logout: the user chose to leave, so their unsent text goes too. */
export function forgetUserData(userId: string, storage: Storage = localStorage): void {
  for (let i = storage.length - 1; i >= 0; i--) {
    const key = storage.key(i);
    if (key && (key === outboxKey(userId) || key.startsWith(`chat.draft.${userId}.`))) storage.removeItem(key);
  }
}
