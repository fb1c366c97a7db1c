// Editing one's own message in place: Enter saves, Shift+Enter starts a new line, Escape (or
// Cancel) leaves it as it was. The caller moves focus back when it closes.
import { limits, messageTextProblem, textLength, type Message } from '@chat/contract';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { describeRequestError } from '../../../lib/errors.ts';
import { useEditMessage } from './use-message-mutations.ts';

interface EditMessageFormProps {
  message: Message;
  /** `saved`: the edit was stored (or nothing had changed); false: cancelled. */
  onDone: (saved: boolean) => void;
}

export function EditMessageForm({ message, onDone }: EditMessageFormProps) {
  const edit = useEditMessage();
  const [text, setText] = useState(message.text);
  const input = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const length = textLength(text);
  // The server's rules (messageTextProblem), in the words of an edit where they have their own.
  const rule = messageTextProblem(text);
  const problem =
    rule === null
      ? null
      : rule.kind === 'tooLong'
        ? `Too long: ${length.toLocaleString('en-US')} of ${limits.messageText.max.toLocaleString('en-US')} characters.`
        : rule.kind === 'empty'
          ? 'A message cannot be empty: delete it instead.'
          : `${rule.message}.`;
  const error = problem ?? (edit.isError ? describeRequestError(edit.error) : null);

  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  function save() {
    if (problem || edit.isPending) return;
    if (text.trim() === message.text) return onDone(true);
    edit.mutate({ roomId: message.roomId, messageId: message.id, text }, { onSuccess: () => onDone(true) });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onDone(false);
    } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      save();
    }
  }

  return (
    <form
      className="message-edit"
      aria-label="Edit message"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <textarea
        ref={input}
        className="message-edit__input"
        aria-label="Edit message"
        aria-describedby={hintId}
        aria-invalid={!!problem || undefined}
        value={text}
        rows={Math.min(8, text.split('\n').length)}
        onChange={(event) => {
          setText(event.currentTarget.value);
          if (edit.isError) edit.reset();
        }}
        onKeyDown={onKeyDown}
        enterKeyHint="done"
      />
      <div className="message-edit__bar">
        <p id={hintId} className={`message-edit__hint${error ? ' message-edit__hint--error' : ''}`} role={error ? 'alert' : undefined}>
          {error ?? 'Enter to save · Escape to cancel'}
        </p>
        <button type="button" className="button button--small button--quiet" onClick={() => onDone(false)}>
          Cancel
        </button>
        <button type="submit" className="button button--small button--primary" disabled={!!problem || edit.isPending}>
          Save
        </button>
      </div>
    </form>
  );
}
