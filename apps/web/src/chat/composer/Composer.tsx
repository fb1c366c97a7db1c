// Where messages are written. Enter sends, Shift+Enter starts a new line; the draft of each
// room (and thread) is kept (in localStorage) until it is sent, so nothing typed is lost to a
// reload, a room switch, a dropped connection or an expired session. Typing `@` offers the
// room's people; Up/Down choose, Enter or Tab takes one, Escape closes the list.
import { limits, messageTextProblem, textLength, type Principal } from '@chat/contract';
import { useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { insertMention, matchPeople, mentionQueryAt } from '../../lib/mentions.ts';
import { useChat } from '../chat-context.ts';
import { SendIcon } from '../icons.tsx';
import { useRoomPeople } from '../room/message/use-room-people.ts';
import { useSocketStatus } from '../socket/use-chat-socket.ts';
import { loadDraft, saveDraft } from '../state/persistence.ts';
import { ComposerHint } from './ComposerHint.tsx';
import { MentionSuggestions, optionId } from './MentionSuggestions.tsx';

export interface ComposerHandle {
  focus(): void;
  /** Adds text (a failed message being edited) to what is already typed. */
  insert(text: string): void;
}

interface ComposerProps {
  roomId: string;
  /** How text names the room: "#design", or a DM's people. */
  roomLabel: string;
  /** Answers in this thread (the composer of the thread panel). */
  replyTo?: string;
  /** Why nothing can be written here (an archived room): the box is disabled and says so. */
  readOnly?: string | undefined;
  ref?: Ref<ComposerHandle>;
}

const MAX_HEIGHT_PX = 200;

export function Composer({ roomId, roomLabel, replyTo, readOnly, ref }: ComposerProps) {
  const { controller, self, socket } = useChat();
  const status = useSocketStatus(socket);
  const id = replyTo ? 'thread-composer' : 'composer';
  const draftKey = replyTo ? `${roomId}.thread.${replyTo}` : roomId;
  const label = replyTo ? 'Reply in the thread' : `Message ${roomLabel}`;
  const [text, setText] = useState(() => loadDraft(self.id, draftKey));
  const input = useRef<HTMLTextAreaElement>(null);
  const people = useRoomPeople(roomId);
  /** The `@` word at the caret; null when there is none or Escape closed the list. */
  const [mention, setMention] = useState<{ start: number; caret: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const suggestions = useMemo(() => (mention ? matchPeople(people, mention.query) : []), [mention, people]);
  const suggesting = suggestions.length > 0;
  const listId = `${id}-mentions`;
  const length = textLength(text); // as the server counts: an emoji is one
  const tooLong = length > limits.messageText.max;
  // The server's own rules (blank once invisible characters go, control characters, ...).
  const problem = messageTextProblem(text);
  // A draft that is only blank is not worth a warning: the send button is simply off.
  const shownProblem = problem && length > 0 ? problem.message : null;
  const canSend = !problem && !readOnly;

  function update(next: string) {
    setText(next);
    saveDraft(self.id, draftKey, next);
  }

  /** Looks for an `@` word ending at the caret (after typing, clicking or moving the caret). */
  function findMention(el: HTMLTextAreaElement) {
    const caret = el.selectionStart === el.selectionEnd ? el.selectionStart : -1;
    const found = caret >= 0 ? mentionQueryAt(el.value, caret) : null;
    if (!found) return setMention(null);
    if (mention && mention.start === found.start && mention.query === found.query) return;
    setActive(0);
    setMention({ ...found, caret });
  }

  /** Where the caret goes once the text just set has rendered (after a mention was put in). */
  const caretAfterRender = useRef<number | null>(null);

  function choose(person: Principal) {
    if (!mention) return;
    const next = insertMention(text, mention.start, mention.caret, person.username);
    setMention(null);
    input.current?.focus();
    if (next.text === text) return input.current?.setSelectionRange(next.caret, next.caret);
    caretAfterRender.current = next.caret;
    update(next.text);
  }

  useImperativeHandle(ref, () => ({
    focus: () => input.current?.focus(),
    insert(inserted) {
      const current = input.current?.value ?? '';
      update(current.trim() ? `${current}\n${inserted}` : inserted);
      input.current?.focus();
    },
  }));

  // Grows with its text up to a limit, then scrolls.
  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    // In the same commit as the text, so a key typed right after lands at the caret.
    if (caretAfterRender.current !== null) {
      el.setSelectionRange(caretAfterRender.current, caretAfterRender.current);
      caretAfterRender.current = null;
    }
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
    el.style.overflowY = el.scrollHeight > MAX_HEIGHT_PX ? 'auto' : 'hidden';
  }, [text]);

  function send() {
    if (!canSend) return;
    controller.send(roomId, text, replyTo ? { replyTo } : undefined);
    update('');
    setMention(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (suggesting && !event.nativeEvent.isComposing) {
      const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1 };
      const step = moves[event.key];
      if (step !== undefined) {
        event.preventDefault();
        setActive((i) => (i + step + suggestions.length) % suggestions.length);
        return;
      }
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        event.preventDefault();
        const person = suggestions[Math.min(active, suggestions.length - 1)];
        if (person) choose(person);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault(); // closes the list only (not the thread around it)
        setMention(null);
        return;
      }
    }
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    send();
  }

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
        input.current?.focus();
      }}
    >
      {suggesting && <MentionSuggestions id={listId} people={suggestions} active={active} onChoose={choose} />}
      <div className={`composer__box${shownProblem ? ' composer__box--invalid' : ''}`}>
        <label htmlFor={id} className="sr-only">
          {label}
        </label>
        <textarea
          id={id}
          ref={input}
          className="composer__input"
          rows={1}
          placeholder={replyTo ? 'Reply…' : `Message ${roomLabel}`}
          value={text}
          onChange={(event) => {
            update(event.currentTarget.value);
            findMention(event.currentTarget);
            if (event.currentTarget.value.trim()) controller.typing(roomId);
          }}
          onSelect={(event) => findMention(event.currentTarget)}
          onBlur={() => setMention(null)}
          onKeyDown={onKeyDown}
          aria-invalid={!!shownProblem || undefined}
          aria-describedby={`${id}-hint`}
          aria-autocomplete="list"
          aria-controls={suggesting ? listId : undefined}
          aria-activedescendant={suggesting ? optionId(listId, Math.min(active, suggestions.length - 1)) : undefined}
          enterKeyHint="send"
          disabled={!!readOnly}
        />
        <button type="submit" className="composer__send" disabled={!canSend} aria-label="Send">
          <SendIcon />
        </button>
      </div>
      {readOnly ? (
        <p id={`${id}-hint`} className="composer__hint composer__hint--read-only">
          {readOnly}
        </p>
      ) : (
        <ComposerHint id={`${id}-hint`} length={length} status={status} problem={tooLong ? null : shownProblem} />
      )}
      <p className="sr-only" aria-live="polite">
        {suggesting ? `${suggestions.length === 1 ? '1 person' : `${suggestions.length} people`} to mention: up and down to choose, Enter to take` : ''}
      </p>
    </form>
  );
}
