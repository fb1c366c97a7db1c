import { expect, test } from 'vitest';
import { avatarHue, initialsOf } from './initials.ts';

test.each([
  ['ann', 'A'],
  ['ann_lee', 'AL'],
  ['ann.lee-smith', 'AL'],
  ['BobSmith', 'BS'],
  ['x', 'X'],
  ['ørjan', 'Ø'],
  ['  ', '?'],
  ['_-.', '?'],
])('initials of %j are %j', (name, initials) => {
  expect(initialsOf(name)).toBe(initials);
});

test('a user keeps the same avatar tint', () => {
  expect(avatarHue('user-1')).toBe(avatarHue('user-1'));
  expect(new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(avatarHue)).size).toBeGreaterThan(1);
});
