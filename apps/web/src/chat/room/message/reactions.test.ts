import { emojiSchema, limits } from '@chat/contract';
import { expect, test } from 'vitest';
import { COMMON_EMOJI, reactionChips, reactionToggle, whoReacted } from './reactions.ts';

const me = 'me';

test('chips count each emoji, mark mine and leave out emptied ones', () => {
  const chips = reactionChips(
    [
      { emoji: '👍', userIds: ['a', me] },
      { emoji: '🎉', userIds: ['b'] },
      { emoji: '👀', userIds: [] },
    ],
    me,
  );
  expect(chips.map(({ emoji, count, mine }) => ({ emoji, count, mine }))).toEqual([
    { emoji: '👍', count: 2, mine: true },
    { emoji: '🎉', count: 1, mine: false },
  ]);
});

test('a click toggles mine: off when I reacted, on when I did not (also on an emoji others chose)', () => {
  const reactions = [
    { emoji: '👍', userIds: ['a', me] },
    { emoji: '🎉', userIds: ['b'] },
  ];
  expect(reactionToggle(reactions, '👍', me)).toEqual({ on: false });
  expect(reactionToggle(reactions, '🎉', me)).toEqual({ on: true });
  expect(reactionToggle(reactions, '😂', me)).toEqual({ on: true });
  expect(reactionToggle([], '😂', me)).toEqual({ on: true });
});

test(`at ${limits.reactions.maxDistinct} distinct emoji no new one can be added, an existing one still can`, () => {
  const full = Array.from({ length: limits.reactions.maxDistinct }, (_, i) => ({ emoji: String.fromCodePoint(0x1f600 + i), userIds: ['a'] }));
  expect(reactionToggle(full, '🎉', me)).toBeNull();
  expect(reactionToggle(full, '😀', me)).toEqual({ on: true });
  expect(reactionToggle([...full.slice(1), { emoji: '🎉', userIds: [] }], '👀', me)).toEqual({ on: true });
});

test('who reacted reads as a sentence, me first as "you", long lists shortened', () => {
  const name = (id: string) => id.toUpperCase();
  expect(whoReacted([me], me, name)).toBe('you');
  expect(whoReacted(['a'], me, name)).toBe('A');
  expect(whoReacted(['a', me, 'b'], me, name)).toBe('you, A and B');
  expect(whoReacted(['a', 'b', 'c', 'd', 'e', 'f', 'g'], me, name)).toBe('A, B, C, D and 3 others');
  expect(whoReacted([], me, name)).toBe('');
});

test('every emoji the picker offers is one the server accepts', () => {
  for (const emoji of COMMON_EMOJI) expect(emojiSchema.safeParse(emoji).success, emoji).toBe(true);
});
