// A room's loaded history as TanStack Query keeps it (the pages of messages.list, newest page
// first, each newest first), and how one message state goes into it: by id, the higher seq wins.
import type { Message, MessagePage } from '@chat/contract';
import type { InfiniteData } from '@tanstack/react-query';

/** `pageParams` are the `before` cursors (undefined for the latest page); nothing here reads them. */
export type MessagePages = InfiniteData<MessagePage>;

/**
 * - added: new to the loaded range (newer than everything loaded, or inside it);
 * - changed: a newer state of a loaded message;
 * - stale: a state not newer than the one loaded (a duplicate, or overtaken);
 * - outside: older than the loaded range: loading that page later brings its current state.
 */
export type UpsertResult = 'added' | 'changed' | 'stale' | 'outside';

export interface Upsert {
  data: MessagePages;
  result: UpsertResult;
  /** The state it replaced (`changed`, `stale`). */
  previous?: Message;
}

/** Puts one message state into the pages; returns the same `data` unless something changed. */
export function upsertMessage(data: MessagePages, message: Message): Upsert {
  const { pages } = data;
  for (const [p, page] of pages.entries()) {
    const oldest = page.messages.at(-1);
    // Pages are newest first and do not overlap: the first page whose oldest message is not
    // newer than this one holds it, or is where it goes.
    const last = p === pages.length - 1;
    const atStart = last && page.nextCursor === null;
    if (oldest ? oldest.id > message.id && !atStart : !last) continue;
    const at = page.messages.findIndex((m) => m.id <= message.id);
    const previous = at >= 0 && page.messages[at]!.id === message.id ? page.messages[at] : undefined;
    if (previous && previous.seq >= message.seq) return { data, result: 'stale', previous };
    const messages = page.messages.slice();
    if (previous) messages[at] = message;
    else messages.splice(at < 0 ? messages.length : at, 0, message);
    const next = pages.slice();
    next[p] = { ...page, messages };
    return { data: { ...data, pages: next }, result: previous ? 'changed' : 'added', ...(previous && { previous }) };
  }
  return { data, result: 'outside' };
}

/** Every loaded message once, oldest first. */
export function messagesOldestFirst(data: MessagePages | undefined): Message[] {
  if (!data) return [];
  const seen = new Set<string>();
  const all: Message[] = [];
  for (const page of data.pages) {
    for (const message of page.messages) {
      if (seen.has(message.id)) continue; // pages read at different times may overlap at their edges
      seen.add(message.id);
      all.push(message);
    }
  }
  return all.reverse();
}

/**
 * The query's structural sharing: every message whose state (id and seq) was loaded already keeps
 * that object, so memoized rows skip it. TanStack's default shares by array index, which gives
 * each message of a page a new (equal) object whenever one is added at its front.
 */
export function keepLoadedStates(previous: MessagePages | undefined, next: MessagePages): MessagePages {
  if (!previous || previous === next) return next;
  const samePages = new Set(previous.pages);
  const loaded = new Map<string, Message>();
  for (const page of previous.pages) for (const message of page.messages) loaded.set(message.id, message);
  const pages = next.pages.map((page) => {
    if (samePages.has(page)) return page;
    const messages = page.messages.map((message) => {
      const known = loaded.get(message.id);
      return known && known.seq === message.seq ? known : message;
    });
    return { ...page, messages };
  });
  return { ...next, pages };
}
