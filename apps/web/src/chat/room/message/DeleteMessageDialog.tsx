// "Delete this message?": Cancel has focus first, so Enter never deletes by accident.
import type { Message } from '@chat/contract';
import { useRef } from 'react';
import { describeRequestError } from '../../../lib/errors.ts';
import { Dialog } from '../../dialogs/Dialog.tsx';
import { useDeleteMessage } from './use-message-mutations.ts';

interface DeleteMessageDialogProps {
  message: Message;
  /** `deleted`: the server deleted it; false: the dialog was cancelled. */
  onDone: (deleted: boolean) => void;
}

const PREVIEW = 140;

export function DeleteMessageDialog({ message, onDone }: DeleteMessageDialogProps) {
  const remove = useDeleteMessage();
  const cancel = useRef<HTMLButtonElement>(null);
  const preview = message.text.length > PREVIEW ? `${message.text.slice(0, PREVIEW)}…` : message.text;
  return (
    <Dialog
      title="Delete this message?"
      description="Everyone in the room will see “Message deleted” in its place. This cannot be undone."
      onClose={() => onDone(false)}
      initialFocus={cancel}
    >
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
    </Dialog>
  );
}
