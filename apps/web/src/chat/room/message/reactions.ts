// Reactions as a message row shows them, and what a click on one asks the server to do.
import { limits, type Reaction } from '@chat/contract';

/** The picker's choices: common, and each one grapheme the server accepts as an emoji. */
export const COMMON_EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀'] as const;

export interface ReactionChip {
  emoji: string;
  count: number;
  /** The viewer reacted with it. */
  mine: boolean;
  userIds: readonly string[];
}

/** One chip per emoji that someone still reacts with, in the server's order. */
export function reactionChips(reactions: readonly Reaction[], selfId: string): ReactionChip[] {
  return reactions
    .filter((r) => r.userIds.length > 0)
    .map((r) => ({ emoji: r.emoji, count: r.userIds.length, mine: r.userIds.includes(selfId), userIds: r.userIds }));
}

/**
 * What clicking `emoji` means: `{ on: false }` takes the viewer's reaction away, `{ on: true }`
 * adds it; null when it cannot be added (the message has the most distinct emoji allowed).
 */
export function reactionToggle(reactions: readonly Reaction[], emoji: string, selfId: string): { on: boolean } | null {
  const existing = reactions.find((r) => r.emoji === emoji && r.userIds.length > 0);
  if (existing?.userIds.includes(selfId)) return { on: false };
  if (!existing && distinctEmoji(reactions) >= limits.reactions.maxDistinct) return null;
  return { on: true };
}

function distinctEmoji(reactions: readonly Reaction[]): number {
  return reactions.filter((r) => r.userIds.length > 0).length;
}

/** "ann, bob and you", "you", "ann, bob, carl and 4 others": who reacted, for a tooltip and a label. */
export function whoReacted(userIds: readonly string[], selfId: string, nameOf: (userId: string) => string, max = 5): string {
  const names = [...(userIds.includes(selfId) ? ['you'] : []), ...userIds.filter((id) => id !== selfId).map(nameOf)];
  if (names.length <= 1) return names[0] ?? '';
  const shown = names.length > max ? names.slice(0, max - 1) : names.slice(0, -1);
  const rest = names.length > max ? `${names.length - shown.length} others` : names.at(-1)!;
  return `${shown.join(', ')} and ${rest}`;
}
