import { memo } from 'react';
import { formatDayLabel } from '../../lib/time-format.ts';
import { useTimeLabel } from '../../lib/use-now.ts';
import { RELATIVE_TIME_TICK_MS } from './MessageRow.tsx';

/** "Today", "Yesterday", "Monday, March 3" between the days of the list. */
interface DayDividerProps {
  rowKey: string;
  at: number;
  /** Its place in a virtualized list, and the list's measuring ref. */
  index?: number | undefined;
  measure?: ((el: HTMLLIElement | null) => void) | undefined;
}

export const DayDivider = memo(function DayDivider({ rowKey, at, index, measure }: DayDividerProps) {
  const label = useTimeLabel(RELATIVE_TIME_TICK_MS, (now) => formatDayLabel(at, now));
  return (
    <li ref={measure} className="day-divider" data-row-key={rowKey} data-index={index}>
      <span>{label}</span>
    </li>
  );
});
