import type { Message } from '@chat/contract';
import { memo, Suspense, useEffect, useRef, useState } from 'react';
import { formatFullTime, formatMessageTime } from '../../lib/time-format.ts';
import { countRender } from '../../lib/render-probe.ts';
import { useTimeLabel } from '../../lib/use-now.ts';
import { useChat } from '../chat-context.ts';
import { AlertIcon, CheckIcon, ClockIcon } from '../icons.tsx';
import type { DisplayMessage } from '../state/display-messages.ts';
import { AuthorName } from './AuthorName.tsx';
import { Avatar } from './Avatar.tsx';
import { DeleteMessageDialog } from '../lazy-parts.ts';
import { EditMessageForm } from './message/EditMessageForm.tsx';
import { MessageActions, type MessageAction, type MessageActionsHandle } from './message/MessageActions.tsx';
import { ReactionBar } from './message/ReactionBar.tsx';
import { ReplyQuote } from './message/ReplyQuote.tsx';
import { MessageText } from './MessageText.tsx';

interface MessageRowProps {
  message: DisplayMessage;
  /** Its place in a virtualized list, and the list's measuring ref (absent in the thread panel). */
  index?: number | undefined;
  measure?: ((el: HTMLLIElement | null) => void) | undefined;
  /** First of a run by the same author: shows avatar, name and time. */
  startsGroup: boolean;
  onRetry: (clientMsgId: string) => void;
  onEdit: (clientMsgId: string) => void;
  /**
   * Opens the thread of a first message (by its id). Absent inside the thread panel, which
   * shows neither the quote of the parent nor reply counts.
   */
  onOpenThread?: ((parentId: string) => void) | undefined;
  /** For a reply: the message it answers, when it is loaded. */
  parent?: Message | undefined;
}

const statusLabels = { pending: 'Sending', sent: 'Sent', failed: 'Not sent' } as const;

type Mode = 'view' | 'edit' | 'delete';

/** How often relative times ("5 minutes ago") are brought up to date. */
export const RELATIVE_TIME_TICK_MS = 30_000;

export const MessageRow = memo(function MessageRow({ message, index, measure, startsGroup, onRetry, onEdit, onOpenThread, parent }: MessageRowProps) {
  countRender('MessageRow');
  const { self } = useChat();
  const { own, status, message: stored } = message;
  const [mode, setMode] = useState<Mode>('view');
  const [pickerOpen, setPickerOpen] = useState(false);
  const actions = useRef<MessageActionsHandle>(null);
  const deletedNotice = useRef<HTMLParagraphElement>(null);
  /** The action whose button gets focus back once the row has rendered without its editor or dialog. */
  const refocus = useRef<MessageAction | 'deleted' | null>(null);

  const deleted = stored?.deletedAt != null;
  const author = own ? 'You' : message.username;
  const time = useTimeLabel(RELATIVE_TIME_TICK_MS, (now) => formatMessageTime(message.createdAt, now));
  const fullTime = formatFullTime(message.createdAt);
  const mentionsMe = !own && !!stored?.mentions.includes(self.id);
  const className = [
    'message',
    own && 'message--own',
    startsGroup && 'message--first',
    `message--${status}`,
    deleted && 'message--deleted',
    mentionsMe && 'message--mentions-me',
    (pickerOpen || mode !== 'view') && 'message--active',
  ]
    .filter(Boolean)
    .join(' ');

  useEffect(() => {
    const target = refocus.current;
    if (!target) return;
    refocus.current = null;
    if (target === 'deleted') deletedNotice.current?.focus();
    else actions.current?.focus(target);
  });

  const available: MessageAction[] =
    stored && !deleted && mode === 'view' ? ['react', ...(onOpenThread ? (['reply'] as const) : []), ...(own ? (['edit', 'delete'] as const) : [])] : [];

  function onAction(action: MessageAction) {
    if (!stored) return;
    if (action === 'react') setPickerOpen((open) => !open);
    else if (action === 'reply') onOpenThread?.(stored.replyTo ?? stored.id);
    else setMode(action);
  }

  return (
    <li ref={measure} className={className} data-index={index} data-row-key={message.key} data-status={status} data-own={own || undefined} data-message-id={message.id ?? undefined}>
      {!own && (startsGroup ? <Avatar userId={message.userId} name={message.username} /> : <span className="message__gutter" />)}
      <div className="message__body">
        {startsGroup ? (
          <div className="message__meta">
            {own ? <span className="message__author">{author}</span> : <AuthorName user={{ id: message.userId, username: message.username }} />}
            <time dateTime={new Date(message.createdAt).toISOString()} title={fullTime}>
              {time}
            </time>
          </div>
        ) : (
          <span className="sr-only">
            {author}, {time}:
          </span>
        )}
        {onOpenThread && message.replyTo && <ReplyQuote parent={parent} onOpen={() => onOpenThread(message.replyTo!)} />}
        {deleted ? (
          <p ref={deletedNotice} className="message__deleted" tabIndex={-1}>
            Message deleted
          </p>
        ) : mode === 'edit' && stored ? (
          <EditMessageForm
            message={stored}
            onDone={() => {
              refocus.current = 'edit';
              setMode('view');
            }}
          />
        ) : (
          <div className="message__line">
            <MessageText text={message.text} title={fullTime} mentionOf={mentionsMe ? self.username : undefined} />
            {stored?.editedAt != null && (
              <time className="message__edited" dateTime={new Date(stored.editedAt).toISOString()} title={`Edited ${formatFullTime(stored.editedAt)}`}>
                (edited)
              </time>
            )}
            {own && (
              <span className={`message__status message__status--${status}`} title={statusLabels[status]}>
                {status === 'pending' ? <ClockIcon /> : status === 'sent' ? <CheckIcon /> : <AlertIcon />}
                <span className="sr-only">{statusLabels[status]}</span>
              </span>
            )}
          </div>
        )}
        {status === 'failed' && (
          <div className="message__failure">
            <span>{message.error}</span>
            <button type="button" className="link-button" onClick={() => onRetry(message.clientMsgId)}>
              Retry
            </button>
            <button type="button" className="link-button" onClick={() => onEdit(message.clientMsgId)}>
              Edit
            </button>
          </div>
        )}
        {stored && !deleted && (stored.reactions.length > 0 || pickerOpen) && (
          <ReactionBar
            message={stored}
            pickerOpen={pickerOpen}
            onClosePicker={(returnFocus) => {
              setPickerOpen(false);
              if (returnFocus) refocus.current = 'react';
            }}
          />
        )}
        {onOpenThread && stored && stored.replyCount > 0 && (
          <button type="button" className="message__replies link-button" onClick={() => onOpenThread(stored.id)}>
            {stored.replyCount === 1 ? '1 reply' : `${stored.replyCount} replies`}
          </button>
        )}
      </div>
      {available.length > 0 && (
        <MessageActions ref={actions} label={`Message from ${author}, ${time}`} actions={available} onAction={onAction} pickerOpen={pickerOpen} />
      )}
      {mode === 'delete' && stored && (
        <Suspense fallback={null}>
          <DeleteMessageDialog
            message={stored}
            onDone={(wasDeleted) => {
              refocus.current = wasDeleted ? 'deleted' : 'delete';
              setMode('view');
            }}
          />
        </Suspense>
      )}
    </li>
  );
});
