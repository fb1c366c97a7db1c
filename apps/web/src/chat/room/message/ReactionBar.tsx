// A message's reactions: one toggle per emoji with its count (pressed: mine), who reacted in a
// tooltip on hover and on keyboard focus, and the picker when it is open. Mounted only for a
// message with reactions or an open picker (it watches the room's people to name reactors).
import type { Message } from '@chat/contract';
import { Suspense, useId, useMemo } from 'react';
import { describeRequestError } from '../../../lib/errors.ts';
import { useChat } from '../../chat-context.ts';
import { EmojiPicker } from '../../lazy-parts.ts';
import { reactionChips, reactionToggle, whoReacted } from './reactions.ts';
import { useNameOf } from './use-room-people.ts';
import { useReactToMessage } from './use-message-mutations.ts';

interface ReactionBarProps {
  message: Message;
  pickerOpen: boolean;
  /** Closes the picker; with `returnFocus`, focus goes back to the button that opened it. */
  onClosePicker: (returnFocus: boolean) => void;
}

export function ReactionBar({ message, pickerOpen, onClosePicker }: ReactionBarProps) {
  const { self } = useChat();
  const nameOf = useNameOf(message.roomId);
  const react = useReactToMessage();
  const baseId = useId();
  const chips = useMemo(() => reactionChips(message.reactions, self.id), [message.reactions, self.id]);
  const mine = useMemo(() => new Set(chips.filter((c) => c.mine).map((c) => c.emoji)), [chips]);

  function toggle(emoji: string, onSuccess?: () => void) {
    const toggled = reactionToggle(message.reactions, emoji, self.id);
    if (!toggled || react.isPending) return;
    react.mutate({ roomId: message.roomId, messageId: message.id, emoji, on: toggled.on }, onSuccess && { onSuccess });
  }

  return (
    <div className="reactions">
      {chips.length > 0 && (
        <ul className="reactions__list" aria-label="Reactions">
          {chips.map((chip, i) => {
            const who = whoReacted(chip.userIds, self.id, nameOf);
            const whoId = `${baseId}-who-${i}`;
            return (
              <li key={chip.emoji} className="reaction">
                <button
                  type="button"
                  className={`reaction__button${chip.mine ? ' reaction__button--mine' : ''}`}
                  aria-pressed={chip.mine}
                  aria-label={`${chip.emoji} ${chip.count}`}
                  aria-describedby={whoId}
                  onClick={() => toggle(chip.emoji)}
                >
                  <span aria-hidden="true">{chip.emoji}</span>
                  <span className="reaction__count" aria-hidden="true">
                    {chip.count}
                  </span>
                </button>
                <span className="reaction__who" role="tooltip" id={whoId}>
                  {chip.emoji} {who}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {pickerOpen && (
        <Suspense fallback={null}>
          <EmojiPicker
            mine={mine}
            full={(emoji) => reactionToggle(message.reactions, emoji, self.id) === null}
            // Closes once the server took it: a refusal shows below with the picker still open.
            onPick={(emoji) => toggle(emoji, () => onClosePicker(true))}
            onClose={onClosePicker}
          />
        </Suspense>
      )}
      {react.isError && (
        <p className="reactions__error" role="alert">
          {describeRequestError(react.error)}
        </p>
      )}
    </div>
  );
}
