import { describe, expect, test } from 'vitest';
import { calendarDaysBetween, formatDayLabel, formatMessageTime } from './time-format.ts';

const utc = { locale: 'en-US', timeZone: 'UTC' };
const now = Date.parse('2025-03-14T15:30:00Z');
const ago = (ms: number) => now - ms;
const MIN = 60_000;

describe('formatMessageTime', () => {
  test('today is relative', () => {
    expect(formatMessageTime(ago(10_000), now, utc)).toBe('just now');
    expect(formatMessageTime(ago(MIN), now, utc)).toBe('1 minute ago');
    expect(formatMessageTime(ago(42 * MIN), now, utc)).toBe('42 minutes ago');
    expect(formatMessageTime(ago(3 * 60 * MIN + 5 * MIN), now, utc)).toBe('3 hours ago');
    expect(formatMessageTime(Date.parse('2025-03-14T00:01:00Z'), now, utc)).toBe('15 hours ago');
  });

  test('a clock slightly ahead of this one still says just now', () => {
    expect(formatMessageTime(now + 2_000, now, utc)).toBe('just now');
  });

  test('older days get a date', () => {
    expect(formatMessageTime(Date.parse('2025-03-13T23:59:00Z'), now, utc)).toBe('Yesterday, 11:59 PM');
    expect(formatMessageTime(Date.parse('2025-03-03T09:41:00Z'), now, utc)).toBe('Mar 3, 9:41 AM');
    expect(formatMessageTime(Date.parse('2024-12-31T09:41:00Z'), now, utc)).toBe('Dec 31, 2024');
  });

  test('"today" is the reader’s calendar day, not the last 24 hours', () => {
    const tokyo = { locale: 'en-US', timeZone: 'Asia/Tokyo' }; // 2025-03-15 00:30 there
    expect(calendarDaysBetween(Date.parse('2025-03-14T14:50:00Z'), now, tokyo)).toBe(1);
    expect(formatMessageTime(Date.parse('2025-03-14T14:50:00Z'), now, tokyo)).toBe('Yesterday, 11:50 PM');
    expect(formatMessageTime(Date.parse('2025-03-14T15:10:00Z'), now, tokyo)).toBe('20 minutes ago');
  });
});

describe('formatDayLabel', () => {
  test('names the day of a divider', () => {
    expect(formatDayLabel(ago(MIN), now, utc)).toBe('Today');
    expect(formatDayLabel(Date.parse('2025-03-13T08:00:00Z'), now, utc)).toBe('Yesterday');
    expect(formatDayLabel(Date.parse('2025-03-03T08:00:00Z'), now, utc)).toBe('Monday, March 3');
    expect(formatDayLabel(Date.parse('2024-03-03T08:00:00Z'), now, utc)).toBe('March 3, 2024');
  });
});
