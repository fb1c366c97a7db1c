import { memo } from 'react';
import { formatDayLabel } from '../../lib/time-format.ts';
import { useTimeLabel } from '../../lib/use-now.ts';
import { RELATIVE_TIME_TICK_MS } from './MessageRow.tsx';

/** "Today", "Yesterday", "Monday, March 3" between the days of the list. */
export const DayDivider = memo(function DayDivider({ rowKey, at }: { rowKey: string; at: number }) {
  const label = useTimeLabel(RELATIVE_TIME_TICK_MS, (now) => formatDayLabel(at, now));
  return (
    <li className="day-divider" data-row-key={rowKey}>
      <span>{label}</span>
    </li>
  );
});
