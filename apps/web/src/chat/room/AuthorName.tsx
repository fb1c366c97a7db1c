// Another person's name on a message: a button that offers "Message <name>" (a DM with them).
import type { PublicUser } from '@chat/contract';
import { useEffect, useId, useRef, useState } from 'react';
import { describeRequestError } from '../../lib/errors.ts';
import { useOpenDm } from '../use-open-dm.ts';

export function AuthorName({ user }: { user: PublicUser }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const wrapper = useRef<HTMLSpanElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const action = useRef<HTMLButtonElement>(null);
  const dm = useOpenDm(() => setOpen(false));

  useEffect(() => {
    if (!open) return;
    action.current?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  function close() {
    setOpen(false);
    toggle.current?.focus();
  }

  return (
    <span
      ref={wrapper}
      className="author"
      // Tabbing out closes it too, as a click elsewhere does.
      onBlur={(event) => {
        if (open && !wrapper.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
      onKeyDown={(event) => {
        if (open && event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={toggle}
        type="button"
        className="message__author author__button"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        {user.username}
      </button>
      {open && (
        <span id={menuId} className="author__popover" role="group" aria-label={user.username}>
          <button
            ref={action}
            type="button"
            className="button button--small"
            aria-disabled={dm.mutation.isPending || undefined}
            onClick={() => {
              // Not `disabled`: a disabled button drops focus, and that would close the popover.
              if (!dm.mutation.isPending) dm.open([user]);
            }}
          >
            Message {user.username}
          </button>
          {dm.mutation.isError && (
            <span className="field__error" role="alert">
              {describeRequestError(dm.mutation.error)}
            </span>
          )}
        </span>
      )}
    </span>
  );
}
