// Where messages are written. Enter sends, Shift+Enter starts a new line; the draft of each
// room is kept (in localStorage) until it is sent, so nothing typed is lost to a reload, a
// room switch, a dropped connection or an expired session.
import { limits, textLength } from '@chat/contract';
import { useImperativeHandle, useLayoutEffect, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useChat } from '../chat-context.ts';
import { SendIcon } from '../icons.tsx';
import { useSocketStatus } from '../socket/use-chat-socket.ts';
import { loadDraft, saveDraft } from '../state/persistence.ts';
import { ComposerHint } from './ComposerHint.tsx';

export interface ComposerHandle {
  focus(): void;
  /** Adds text (a failed message being edited) to what is already typed. */
  insert(text: string): void;
}

interface ComposerProps {
  roomId: string;
  roomName: string;
  ref?: Ref<ComposerHandle>;
}

const MAX_HEIGHT_PX = 200;

export function Composer({ roomId, roomName, ref }: ComposerProps) {
  const { controller, self, socket } = useChat();
  const status = useSocketStatus(socket);
  const [text, setText] = useState(() => loadDraft(self.id, roomId));
  const input = useRef<HTMLTextAreaElement>(null);
  const length = textLength(text); // as the server counts: an emoji is one
  const tooLong = length > limits.messageText.max;
  const canSend = length > 0 && !tooLong;

  function update(next: string) {
    setText(next);
    saveDraft(self.id, roomId, next);
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
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
    el.style.overflowY = el.scrollHeight > MAX_HEIGHT_PX ? 'auto' : 'hidden';
  }, [text]);

  function send() {
    if (!canSend) return;
    controller.send(roomId, text);
    update('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
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
      <div className={`composer__box${tooLong ? ' composer__box--invalid' : ''}`}>
        <label htmlFor="composer" className="sr-only">
          Message #{roomName}
        </label>
        <textarea
          id="composer"
          ref={input}
          className="composer__input"
          rows={1}
          placeholder={`Message #${roomName}`}
          value={text}
          onChange={(event) => {
            update(event.currentTarget.value);
            if (event.currentTarget.value.trim()) controller.typing(roomId);
          }}
          onKeyDown={onKeyDown}
          aria-invalid={tooLong || undefined}
          aria-describedby="composer-hint"
          enterKeyHint="send"
        />
        <button type="submit" className="composer__send" disabled={!canSend} aria-label="Send">
          <SendIcon />
        </button>
      </div>
      <ComposerHint id="composer-hint" length={length} status={status} />
    </form>
  );
}
