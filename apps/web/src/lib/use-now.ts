import { useEffect, useState, useSyncExternalStore } from 'react';

/** The current time, refreshed every `intervalMs` while `active` (typing expiry: one component). */
export function useNow(intervalMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}

// One clock per interval, shared by every label that reads it. Each subscriber selects its label
// from the time, and React re-renders only those whose label changed at a tick: the rows of a
// long history stay untouched when "5 minutes ago" becomes "6 minutes ago" in one of them.
interface Clock {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | undefined;
  subscribe: (listener: () => void) => () => void;
  read: () => number;
}

const clocks = new Map<number, Clock>();

function clockOf(intervalMs: number): Clock {
  const clock = clocks.get(intervalMs);
  if (clock) return clock;
  const c: Clock = {
    now: Date.now(),
    listeners: new Set(),
    timer: undefined,
    subscribe(listener) {
      c.listeners.add(listener);
      c.timer ??= setInterval(() => {
        c.now = Date.now();
        for (const notify of c.listeners) notify();
      }, intervalMs);
      return () => {
        c.listeners.delete(listener);
        if (c.listeners.size > 0 || c.timer === undefined) return;
        clearInterval(c.timer);
        c.timer = undefined;
      };
    },
    // Not ticking (nothing subscribed yet): the time read is the time now, so a room opened after
    // a while renders current labels at once instead of correcting them a render later.
    read: () => (c.timer === undefined ? (c.now = Date.now()) : c.now),
  };
  clocks.set(intervalMs, c);
  return c;
}

/**
 * A label that depends on the time (a relative time, "Today"), refreshed every `intervalMs`.
 * The component re-renders only when the label itself changes.
 */
export function useTimeLabel(intervalMs: number, label: (now: number) => string): string {
  const clock = clockOf(intervalMs);
  return useSyncExternalStore(clock.subscribe, () => label(clock.read()));
}
