/** Limits shared by every client and enforced by the server. */
export const limits = {
  messageText: { min: 1, max: 4000 },
  username: { min: 3, max: 32, pattern: /^[A-Za-z0-9_.-]+$/ },
  /** bcrypt reads no further than 72 bytes, so longer passwords would collide. */
  passwordBytes: { min: 8, max: 72 },
  email: { max: 254 },
  roomName: { min: 1, max: 64 },
  roomTopic: { max: 250 },
  /** A DM's participants, the caller included. */
  dm: { minMembers: 2, maxMembers: 9 },
  /** rooms.browse: public rooms a page. */
  browse: { pageSize: 50 },
  /** users.search: matches at most. */
  userSearch: { max: 20 },
  /** Rooms one connection focuses at once (presence and typing); a further joinRoom unfocuses the oldest. */
  focus: {
    maxRooms: 10,
    /**
     * A focus no ping has refreshed for this long counts as gone (presence, typing): its client
     * is frozen or cut off. Three missed heartbeats of the socket client (one every 20 s).
     */
    staleAfterMs: 60_000,
  },
  /** RoomSummary.unread and .mentions are exact up to this, and this beyond. */
  unread: { max: 100 },
  roomId: { max: 48, pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/ },
  clientMsgId: { min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/ },
  history: { defaultLimit: 50, maxLimit: 100 },
  /** A frame's `id`, echoed by the frame that answers it. */
  requestId: { min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/ },
  /** `joined`: at most this many changes (then `hasMore`) and online users (then only the count). */
  joined: { maxChanges: 100, maxUsers: 500 },
  /** Distinct emoji on one message. */
  reactions: { maxDistinct: 20 },
  /** Distinct users one message can mention. */
  mentions: { max: 20 },
} as const;

/** The room that always exists and that a connection falls back to. */
export const GENERAL_ROOM_ID = 'general';

/**
 * How long a text is, the way the server counts it: Unicode code points after trimming (an
 * emoji is 1, where a string's `.length` says 2). Message and room name limits are in these.
 */
export function textLength(text: string): number {
  let count = 0;
  for (const _ of text.trim()) count++;
  return count;
}

/**
 * The `@username`s a text mentions, as written (without the `@`), each once, in order: what the
 * server resolves to user ids and what clients highlight. A mention starts the text or follows a
 * character that is not part of a username (so an email address mentions nobody).
 */
export function mentionedUsernames(text: string): string[] {
  const found = new Map<string, string>();
  for (const match of text.matchAll(/(?<![A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{3,32})/g)) {
    // A sentence's full stop is not part of the name: "@ann." mentions ann.
    const name = (match[1] ?? '').replace(/[.-]+$/, '');
    if (name.length >= limits.username.min && !found.has(name.toLowerCase())) found.set(name.toLowerCase(), name);
  }
  return [...found.values()];
}
