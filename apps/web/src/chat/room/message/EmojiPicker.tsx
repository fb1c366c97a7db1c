// The reaction picker: a row of common emoji, each a toggle (pressed: I reacted with it). It
// takes focus when it opens; arrows move, Escape or a choice closes it and focus goes back.
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { COMMON_EMOJI } from './reactions.ts';

interface EmojiPickerProps {
  /** The emoji I reacted with already. */
  mine: ReadonlySet<string>;
  /** Emoji that cannot be added (the message has as many distinct ones as allowed). */
  full: (emoji: string) => boolean;
  onPick: (emoji: string) => void;
  /** `returnFocus`: false when a click elsewhere closed it (focus is where that click put it). */
  onClose: (returnFocus: boolean) => void;
}

export function EmojiPicker({ mine, full, onPick, onClose }: EmojiPickerProps) {
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    root.current?.querySelector<HTMLButtonElement>('button:not([disabled])')?.focus();
    // A click elsewhere closes it, without moving focus (that click put focus where it wanted);
    // not one on the button that opened it, whose click closes it.
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Element;
      if (!root.current?.contains(target) && !target.closest('[data-picker-toggle]')) onClose(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [onClose]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose(true);
      return;
    }
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const enabled = [...(root.current?.querySelectorAll<HTMLButtonElement>('button:not([disabled])') ?? [])];
    const at = enabled.indexOf(document.activeElement as HTMLButtonElement);
    enabled[(at + step + enabled.length) % enabled.length]?.focus();
  }

  return (
    <div ref={root} className="emoji-picker" role="group" aria-label="Choose a reaction" onKeyDown={onKeyDown}>
      {COMMON_EMOJI.map((emoji) => {
        const disabled = !mine.has(emoji) && full(emoji);
        return (
          <button
            key={emoji}
            type="button"
            className="emoji-picker__choice"
            aria-pressed={mine.has(emoji)}
            aria-label={`React with ${emoji}`}
            title={disabled ? 'This message has as many different reactions as it can' : undefined}
            disabled={disabled}
            onClick={() => onPick(emoji)}
          >
            {emoji}
          </button>
        );
      })}
    </div>
  );
}
