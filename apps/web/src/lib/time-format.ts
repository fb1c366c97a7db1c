// How the chat shows when a message was sent: relative for today ("5 minutes ago"), a date for
// anything older. `locale` and `timeZone` exist for tests; the app uses the browser's.

export interface TimeFormatOptions {
  locale?: string;
  timeZone?: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) in the time zone. */
export function dayKey(epochMs: number, options: TimeFormatOptions = {}): string {
  const zone = options.timeZone ?? '';
  let format = dayFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: options.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(zone, format);
  }
  return format.format(epochMs);
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
    const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    if (age < HOUR) return relative.format(-Math.floor(age / MINUTE), 'minute');
    return relative.format(-Math.floor(age / HOUR), 'hour');
  }
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' }).format(epochMs);
  if (days === 1) return `Yesterday, ${time}`;
  const sameYear = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' });
  if (sameYear.format(epochMs) === sameYear.format(now)) {
    return `${new Intl.DateTimeFormat(locale, { timeZone, month: 'short', day: 'numeric' }).format(epochMs)}, ${time}`;
  }
  return new Intl.DateTimeFormat(locale, { timeZone, month: 'short', day: 'numeric', year: 'numeric' }).format(epochMs);
}

/** The label of a day divider: "Today", "Yesterday", "Monday, March 3" or "March 3, 2024". */
export function formatDayLabel(epochMs: number, now: number, options: TimeFormatOptions = {}): string {
  const { locale, timeZone } = options;
  const days = calendarDaysBetween(epochMs, now, options);
  if (days <= 0) return 'Today';
  if (days === 1) return 'Yesterday';
  const sameYear = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' });
  if (sameYear.format(epochMs) === sameYear.format(now)) {
    return new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', month: 'long', day: 'numeric' }).format(epochMs);
  }
  return new Intl.DateTimeFormat(locale, { timeZone, month: 'long', day: 'numeric', year: 'numeric' }).format(epochMs);
}

/** The full date and time, for a tooltip. */
export function formatFullTime(epochMs: number, options: TimeFormatOptions = {}): string {
  return new Intl.DateTimeFormat(options.locale, { timeZone: options.timeZone, dateStyle: 'full', timeStyle: 'short' }).format(
    epochMs,
  );
}
