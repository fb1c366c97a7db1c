// A message's actions as one toolbar: one Tab stop per message, the arrow keys move between its
// buttons (the WAI-ARIA toolbar pattern), so tabbing through a long room stays short. With a
// mouse it shows on hover or focus; a touch screen (no hover) gets a "Message actions" button
// that opens it instead (styles.css decides which, by the same media query as TOUCH_SCREEN).
import { useImperativeHandle, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { MoreIcon, PencilIcon, ReplyIcon, SmileIcon, TrashIcon } from '../../icons.tsx';

export type MessageAction = 'react' | 'reply' | 'edit' | 'delete';

export interface MessageActionsHandle {
  /** Gives focus back to an action's button (after its dialog, picker or editor closes). */
  focus(action: MessageAction): void;
}

interface MessageActionsProps {
  /** Who wrote it and when, to name the toolbar: "Message from ann, 5 minutes ago". */
  label: string;
  actions: readonly MessageAction[];
  onAction: (action: MessageAction) => void;
  /** The reaction picker is open (its button says so). */
  pickerOpen: boolean;
  ref?: Ref<MessageActionsHandle>;
}

const buttons: Record<MessageAction, { label: string; icon: ReactNode }> = {
  react: { label: 'Add a reaction', icon: <SmileIcon /> },
  reply: { label: 'Reply in a thread', icon: <ReplyIcon /> },
  edit: { label: 'Edit', icon: <PencilIcon /> },
  delete: { label: 'Delete', icon: <TrashIcon /> },
};

export function MessageActions({ label, actions, onAction, pickerOpen, ref }: MessageActionsProps) {
  const [current, setCurrent] = useState(0);
  /** Touch screens: the toolbar is open. */
  const [open, setOpen] = useState(false);
  const elements = useRef(new Map<MessageAction, HTMLButtonElement>());
  const more = useRef<HTMLButtonElement>(null);

  function focusAt(index: number) {
    const action = actions[index];
    if (action === undefined) return;
    setCurrent(index);
    const button = elements.current.get(action);
    // A closed toolbar (touch) is not displayed: its button takes the focus instead.
    if (button && button.offsetParent === null && more.current) more.current.focus();
    else button?.focus();
  }

  useImperativeHandle(ref, () => ({ focus: (action) => focusAt(Math.max(0, actions.indexOf(action))) }));

  function toggle() {
    const opening = !open;
    setOpen(opening);
    if (opening) requestAnimationFrame(() => elements.current.get(actions[0]!)?.focus());
  }

  function onKeyDown(event: KeyboardEvent) {
    const last = actions.length - 1;
    const moves: Record<string, number> = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: last };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    focusAt(target < 0 ? last : target > last ? 0 : target);
  }

  const selected = Math.min(current, actions.length - 1);
  return (
    <>
      <button ref={more} type="button" className="icon-button message-actions__more" aria-label="Message actions" aria-expanded={open} onClick={toggle}>
        <MoreIcon />
      </button>
      <div className={`message-actions${open ? ' message-actions--open' : ''}`} role="toolbar" aria-label={label} onKeyDown={onKeyDown}>
        {actions.map((action, index) => (
          <button
            key={action}
            ref={(el) => {
              if (el) elements.current.set(action, el);
              else elements.current.delete(action);
            }}
            type="button"
            className="icon-button icon-button--small message-actions__button"
            aria-label={buttons[action].label}
            title={buttons[action].label}
            tabIndex={index === selected ? 0 : -1}
            onFocus={() => setCurrent(index)}
            onClick={() => onAction(action)}
            aria-expanded={action === 'react' ? pickerOpen : undefined}
            data-picker-toggle={action === 'react' || undefined}
          >
            {buttons[action].icon}
          </button>
        ))}
      </div>
    </>
  );
}
