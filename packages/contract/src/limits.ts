/** Limits shared by every client and enforced by the server. */
export const limits = {
  messageText: { min: 1, max: 4000 },
  username: { min: 3, max: 32, pattern: /^[A-Za-z0-9_.-]+$/ },
  /** bcrypt reads no further than 72 bytes, so longer passwords would collide. */
  passwordBytes: { min: 8, max: 72 },
  email: { max: 254 },
  roomName: { min: 1, max: 64 },
  roomId: { max: 48, pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/ },
  clientMsgId: { min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/ },
  history: { defaultLimit: 50, maxLimit: 100 },
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
