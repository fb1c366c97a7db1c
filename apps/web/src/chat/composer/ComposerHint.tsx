import { limits } from '@chat/contract';
import type { ChatSocketStatus } from '@chat/contract/socket';
import { TOUCH_SCREEN, useMediaQuery } from '../../lib/use-media-query.ts';

/** Counting starts this close to the limit. */
export const COUNTER_FROM = limits.messageText.max - 500;

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The line under the composer: why the text cannot be sent, the character count near the limit,
 * or the connection, or how to send. Fixed height.
 */
export function ComposerHint({ id, length, status, problem = null }: { id: string; length: number; status: ChatSocketStatus; problem?: string | null }) {
  const touch = useMediaQuery(TOUCH_SCREEN);
  const max = limits.messageText.max;
  let hint: string;
  let tone = '';
  if (length > max) {
    hint = `Too long by ${fmt(length - max)} character${length - max === 1 ? '' : 's'} (${fmt(length)} / ${fmt(max)}). Shorten it to send.`;
    tone = 'composer__hint--error';
  } else if (problem) {
    hint = `${problem}.`;
    tone = 'composer__hint--error';
  } else if (length >= COUNTER_FROM) {
    hint = `${fmt(length)} / ${fmt(max)} characters`;
    tone = 'composer__hint--warn';
  } else if (status === 'offline') {
    hint = 'You are offline. Messages you send go out when you are back online.';
  } else if (status === 'reconnecting' || status === 'connecting') {
    hint = 'Connecting… Messages you send go out as soon as the connection is back.';
  } else {
    // A touch keyboard has no Shift+Enter (its Enter key says "send").
    hint = touch ? '' : 'Enter to send · Shift+Enter for a new line';
  }
  return (
    <p id={id} className={`composer__hint ${tone}`} aria-live={length >= COUNTER_FROM || problem ? 'polite' : 'off'}>
      {hint}
    </p>
  );
}
