// Who is typing in each room: the time of each user's last `typing` event, until their message
// arrives or the window passes.
import type { Principal } from '@chat/contract';

/** room -> user id -> typing */
export type TypingByRoom = Record<string, Record<string, TypingUser>>;

export interface TypingUser {
  username: string;
  /** When the last `typing` event from this user came (epoch ms). */
  at: number;
}

export function userTyped(typing: TypingByRoom, roomId: string, user: Principal, at: number): TypingByRoom {
  return { ...typing, [roomId]: { ...typing[roomId], [user.id]: { username: user.username, at } } };
}

export function userStoppedTyping(typing: TypingByRoom, roomId: string, userId: string): TypingByRoom {
  const room = typing[roomId];
  if (!room?.[userId]) return typing;
  const { [userId]: _gone, ...rest } = room;
  return { ...typing, [roomId]: rest };
}

/** The usernames whose last `typing` is less than `windowMs` old, sorted. */
export function typingUsernames(room: Record<string, TypingUser> | undefined, now: number, windowMs = 4_000): string[] {
  return Object.values(room ?? {})
    .filter((t) => now - t.at < windowMs)
    .map((t) => t.username)
    .sort();
}
