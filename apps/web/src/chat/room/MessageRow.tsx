import { memo } from 'react';
import { formatFullTime, formatMessageTime } from '../../lib/time-format.ts';
import { AlertIcon, CheckIcon, ClockIcon } from '../icons.tsx';
import type { DisplayMessage } from '../state/display-messages.ts';
import { Avatar } from './Avatar.tsx';
import { MessageText } from './MessageText.tsx';

interface MessageRowProps {
  message: DisplayMessage;
  /** First of a run by the same author: shows avatar, name and time. */
  startsGroup: boolean;
  now: number;
  onRetry: (clientMsgId: string) => void;
  onEdit: (clientMsgId: string) => void;
}

const statusLabels = { pending: 'Sending', sent: 'Sent', failed: 'Not sent' } as const;

export const MessageRow = memo(function MessageRow({ message, startsGroup, now, onRetry, onEdit }: MessageRowProps) {
  const { own, status } = message;
  const author = own ? 'You' : message.username;
  const time = formatMessageTime(message.createdAt, now);
  const fullTime = formatFullTime(message.createdAt);
  const className = ['message', own && 'message--own', startsGroup && 'message--first', `message--${status}`].filter(Boolean).join(' ');
  return (
    <li className={className} data-row-key={message.key} data-status={status} data-own={own || undefined}>
      {!own && (startsGroup ? <Avatar userId={message.userId} name={message.username} /> : <span className="message__gutter" />)}
      <div className="message__body">
        {startsGroup ? (
          <div className="message__meta">
            <span className="message__author">{author}</span>
            <time dateTime={new Date(message.createdAt).toISOString()} title={fullTime}>
              {time}
            </time>
          </div>
        ) : (
          <span className="sr-only">
            {author}, {time}:
          </span>
        )}
        <div className="message__line">
          <MessageText text={message.text} title={fullTime} />
          {own && (
            <span className={`message__status message__status--${status}`} title={statusLabels[status]}>
              {status === 'pending' ? <ClockIcon /> : status === 'sent' ? <CheckIcon /> : <AlertIcon />}
              <span className="sr-only">{statusLabels[status]}</span>
            </span>
          )}
        </div>
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
      </div>
    </li>
  );
});
