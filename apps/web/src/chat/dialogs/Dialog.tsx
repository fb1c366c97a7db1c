// A modal <dialog>: the browser keeps focus inside it and the page behind inert; Escape closes it
// (through `onClose`, so React decides). Focus goes to `initialFocus`, or the first field.
import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';
import { CloseIcon } from '../icons.tsx';

interface DialogProps {
  title: string;
  /** A sentence under the title, read with it. */
  description?: ReactNode;
  onClose: () => void;
  initialFocus?: RefObject<HTMLElement | null>;
  className?: string;
  children: ReactNode;
}

export function Dialog({ title, description, onClose, initialFocus, className, children }: DialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const textId = useId();

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (!el.open) el.showModal();
    const target = initialFocus?.current ?? el.querySelector<HTMLElement>('input, textarea, select, button');
    target?.focus();
    return () => el.close();
  }, [initialFocus]);

  return (
    <dialog
      ref={dialog}
      className={`dialog${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      aria-describedby={description ? textId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="dialog__head">
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        <button type="button" className="icon-button icon-button--small dialog__close" aria-label="Close" onClick={onClose}>
          <CloseIcon />
        </button>
      </div>
      {description && (
        <p id={textId} className="dialog__text">
          {description}
        </p>
      )}
      {children}
    </dialog>
  );
}
