// How the chat shows when a message was sent: relative for today ("5 minutes ago"), a date for
// anything older. `locale` and `timeZone` exist for tests; the app uses the browser's.

export interface TimeFormatOptions {
  locale?: string;
  timeZone?: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

// Building an Intl formatter costs 0.1-0.5 ms, using one a few microseconds: each is built once
// per locale, time zone and format, and kept (a page sees one or two locales and zones).
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

function dateFormat(locale: string | undefined, timeZone: string | undefined, format: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify([locale ?? '', timeZone ?? '', format]);
  let cached = dateFormats.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(locale, { ...format, timeZone });
    dateFormats.set(key, cached);
  }
  return cached;
}

function relativeFormat(locale: string | undefined): Intl.RelativeTimeFormat {
  const key = locale ?? '';
  let cached = relativeFormats.get(key);
  if (!cached) {
    cached = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    relativeFormats.set(key, cached);
  }
  return cached;
}

const DAY: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };
const YEAR: Intl.DateTimeFormatOptions = { year: 'numeric' };
const CLOCK: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
const SHORT_DATE: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' };
const SHORT_DATE_YEAR: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', year: 'numeric' };
const WEEKDAY_DATE: Intl.DateTimeFormatOptions = { weekday: 'long', month: 'long', day: 'numeric' };
const LONG_DATE_YEAR: Intl.DateTimeFormatOptions = { month: 'long', day: 'numeric', year: 'numeric' };
const FULL: Intl.DateTimeFormatOptions = { dateStyle: 'full', timeStyle: 'short' };

/** The calendar day (YYYY-MM-DD) in the time zone. */
export function dayKey(epochMs: number, options: TimeFormatOptions = {}): string {
  return dateFormat('en-CA', options.timeZone, DAY).format(epochMs);
}

/** Whole calendar days from `epochMs` to `now` in the time zone (0 = same day, 1 = yesterday). */
export function calendarDaysBetween(epochMs: number, now: number, options: TimeFormatOptions = {}): number {
  const [a, b] = [dayKey(epochMs, options), dayKey(now, options)].map((key) => Date.parse(`${key}T00:00:00Z`));
  return Math.round((b! - a!) / (24 * HOUR));
}

/** "just now", "5 minutes ago", "3 hours ago" today; "Yesterday, 9:41 AM", "Mar 3, 9:41 AM", "Mar 3, 2024" before. */
export function formatMessageTime(epochMs: number, now: number, options: TimeFormatOptions = {}): string {
  const { locale, timeZone } = options;
  const days = calendarDaysBetween(epochMs, now, options);
  const age = now - epochMs;
  if (days <= 0) {
    if (age < MINUTE) return 'just now';
    if (age < HOUR) return relativeFormat(locale).format(-Math.floor(age / MINUTE), 'minute');
    return relativeFormat(locale).format(-Math.floor(age / HOUR), 'hour');
  }
  const time = dateFormat(locale, timeZone, CLOCK).format(epochMs);
  if (days === 1) return `Yesterday, ${time}`;
  const year = dateFormat('en', timeZone, YEAR);
  if (year.format(epochMs) === year.format(now)) return `${dateFormat(locale, timeZone, SHORT_DATE).format(epochMs)}, ${time}`;
  return dateFormat(locale, timeZone, SHORT_DATE_YEAR).format(epochMs);
}

/** The label of a day divider: "Today", "Yesterday", "Monday, March 3" or "March 3, 2024". */
export function formatDayLabel(epochMs: number, now: number, options: TimeFormatOptions = {}): string {
  const { locale, timeZone } = options;
  const days = calendarDaysBetween(epochMs, now, options);
  if (days <= 0) return 'Today';
  if (days === 1) return 'Yesterday';
  const year = dateFormat('en', timeZone, YEAR);
  if (year.format(epochMs) === year.format(now)) return dateFormat(locale, timeZone, WEEKDAY_DATE).format(epochMs);
  return dateFormat(locale, timeZone, LONG_DATE_YEAR).format(epochMs);
}

/** The full date and time, for a tooltip. */
export function formatFullTime(epochMs: number, options: TimeFormatOptions = {}): string {
  return dateFormat(options.locale, options.timeZone, FULL).format(epochMs);
}
