// "Delete this message?": a modal <dialog> (the browser keeps focus inside it and Escape closes
// it). Cancel has focus first, so Enter never deletes by accident.
import type { Message } from '@chat/contract';
import { useEffect, useId, useRef } from 'react';
import { describeRequestError } from '../../../lib/errors.ts';
import { useDeleteMessage } from './use-message-mutations.ts';

interface DeleteMessageDialogProps {
  message: Message;
  /** `deleted`: the server deleted it; false: the dialog was cancelled. */
  onDone: (deleted: boolean) => void;
}

const PREVIEW = 140;

export function DeleteMessageDialog({ message, onDone }: DeleteMessageDialogProps) {
  const remove = useDeleteMessage();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const textId = useId();

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (!el.open) el.showModal();
    cancel.current?.focus();
    return () => el.close();
  }, []);

  const preview = message.text.length > PREVIEW ? `${message.text.slice(0, PREVIEW)}…` : message.text;
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      onCancel={(event) => {
        event.preventDefault(); // Escape: closed by React, like Cancel
        onDone(false);
      }}
    >
      <h2 id={titleId} className="dialog__title">
        Delete this message?
      </h2>
      <p id={textId} className="dialog__text">
        Everyone in the room will see “Message deleted” in its place. This cannot be undone.
      </p>
      <blockquote className="dialog__quote">{preview}</blockquote>
      {remove.isError && (
        <p className="field__error" role="alert">
          {describeRequestError(remove.error)}
        </p>
      )}
      <div className="dialog__actions">
        <button ref={cancel} type="button" className="button" onClick={() => onDone(false)}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate({ roomId: message.roomId, messageId: message.id }, { onSuccess: () => onDone(true) })}
        >
          Delete
        </button>
      </div>
    </dialog>
  );
}
