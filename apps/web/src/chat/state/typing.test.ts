import { expect, test } from 'vitest';
import { typingSentence } from '../room/typing-sentence.ts';
import { typingUsernames, userStoppedTyping, userTyped } from './typing.ts';

test('typing shows for a few seconds after the last keystroke, and ends when the typist stops', () => {
  let typing = userTyped({}, 'general', { id: 'bob-id', username: 'bob' }, 1_000);
  typing = userTyped(typing, 'general', { id: 'cy-id', username: 'cy' }, 2_000);
  expect(typingUsernames(typing.general, 2_500)).toEqual(['bob', 'cy']);
  expect(typingUsernames(typing.general, 5_500)).toEqual(['cy']);
  expect(typingUsernames(userStoppedTyping(typing, 'general', 'cy-id').general, 2_500)).toEqual(['bob']);
  expect(userStoppedTyping(typing, 'random', 'cy-id')).toBe(typing);
});

test('typing sentences', () => {
  expect(typingSentence([])).toBe('');
  expect(typingSentence(['bob'])).toBe('bob is typing…');
  expect(typingSentence(['ann', 'bob'])).toBe('ann and bob are typing…');
  expect(typingSentence(['ann', 'bob', 'cy'])).toBe('3 people are typing…');
});
