// The soak's printed lines.
import type { MemorySample } from './memory.ts';
import type { SoakResult } from './soak.ts';
import { failuresOf, type MinuteFigures } from './tally.ts';

const ms = (n: number) => (Number.isNaN(n) ? '-' : `${n.toFixed(0)} ms`);

export function minuteText(m: MinuteFigures | undefined): string {
  if (!m) return 'nothing sent';
  return `sent ${m.sent}, acked ${m.acked}, delivered ${m.delivered}, p50 ${ms(m.p50)} / p99 ${ms(m.p99)} / max ${ms(m.max)}`;
}

export function memoryText(m: MemorySample): string {
  return `rss ${m.rssMb.toFixed(0)} MB, heapUsed ${m.heapUsedMb.toFixed(0)} MB${m.dynamoRssMb === undefined ? '' : ` (DynamoDB Local rss ${m.dynamoRssMb.toFixed(0)} MB)`}`;
}

/** What the soak's options amount to, as one line. */
export function setupText({ clients, rooms, minutes, sendIntervalMs }: SoakResult['options']): string {
  const perSecond = clients / (sendIntervalMs / 1000);
  return (
    `${clients} clients (distinct users) in ${rooms} rooms (${(clients / rooms).toFixed(0)} members each), one message per client every ${(sendIntervalMs / 1000).toFixed(0)} s ` +
    `(${perSecond.toFixed(1)} messages/s, ${(perSecond * (clients / rooms)).toFixed(0)} deliveries/s), ${minutes} min`
  );
}

export function resultLines(r: SoakResult): string[] {
  const growth = r.memory.end.heapUsedMb - r.memory.start.heapUsedMb;
  const failures = failuresOf(r);
  return [
    `sent ${r.sent}, acked ${r.acked}, refused ${JSON.stringify(r.errors)}, unanswered ${r.unanswered}; drained in ${r.drainSeconds.toFixed(1)} s`,
    `lost ${r.lost} (of ${r.expected} expected deliveries: each acked message to each member of its room)`,
    `duplicated ${r.duplicated} (after dedupe by id+seq), raw duplicates ${r.rawDuplicates}, misdelivered ${r.misdelivered}, disconnected ${r.disconnected}`,
    `delivery p50 ${ms(r.p50)} / p99 ${ms(r.p99)} over the run; p99 per minute (by the minute sent): ${r.minutes.map((m) => `${m.minute}: ${ms(m.p99)}`).join(', ')}`,
    ...r.minutes.map((m) => `  minute ${m.minute}: ${minuteText(m)}${r.memory.perMinute[m.minute - 1] ? `; at its end ${memoryText(r.memory.perMinute[m.minute - 1]!)}` : ''}`),
    `memory start: ${memoryText(r.memory.start)}; end: ${memoryText(r.memory.end)}; heapUsed ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB`,
    failures.length ? `FAILED: ${failures.join(', ')}` : 'OK: lost 0, duplicated 0, every send acked',
  ];
}
