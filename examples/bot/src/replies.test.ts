import { expect, test } from 'vitest';
import { replyFor } from './replies.ts';

test('/roll answers the roll, /roll alone a d6, bad notation a sentence', () => {
  expect(replyFor('/roll 2d6')).toMatch(/^🎲 2d6: [1-6] \+ [1-6] = \d+$/);
  expect(replyFor('/roll')).toMatch(/^🎲 1d6: [1-6]$/);
  expect(replyFor('/roll 100d6')).toBe('Roll 1 to 20 dice at a time');
});

test('/time answers UTC time; other text gets no answer', () => {
  expect(replyFor('/time', new Date(Date.UTC(2026, 11, 1, 9, 5, 7)))).toBe('🕒 2026-12-01 09:05:07 UTC');
  expect(replyFor('hello /roll 2d6')).toBeNull();
  expect(replyFor('/rolling')).toBeNull();
});
