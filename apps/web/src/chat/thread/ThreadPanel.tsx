// A thread beside the room (over it on a phone): the first message, its replies (listed by
// messages.list {replyTo}, live ones added as they come) and a composer that answers in it.
import type { Message } from '@chat/contract';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { describeRequestError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { useChat } from '../chat-context.ts';
import { Composer, type ComposerHandle } from '../composer/Composer.tsx';
import { CloseIcon } from '../icons.tsx';
import { MessageRow } from '../room/MessageRow.tsx';
import { toDisplayMessages, useOutbox, useRoomMessages } from '../room/message/room-data.ts';
import { threadReplies } from './thread-messages.ts';

interface ThreadPanelProps {
  roomId: string;
  /** How text names the room: "#design", or a DM's people. */
  roomLabel: string;
  parentId: string;
  /** Where focus goes when it opens: the composer (a desktop) or the heading (a phone: no keyboard popping up). */
  focus: 'composer' | 'heading';
  onClose: () => void;
}

const nobody: never[] = [];

export function ThreadPanel({ roomId, roomLabel, parentId, focus, onClose }: ThreadPanelProps) {
  const trpc = useTRPC();
  const { self, controller } = useChat();
  const listed = useQuery(trpc.messages.list.queryOptions({ roomId, replyTo: parentId, limit: 100 }));
  const inRoom = useRoomMessages(roomId);
  const outbox = useOutbox();
  const parent: Message | undefined = useMemo(() => inRoom.find((m) => m.id === parentId), [inRoom, parentId]);

  const replies = useMemo(() => {
    const stored = threadReplies(parentId, listed.data?.messages ?? nobody, inRoom);
    const pending = outbox.filter((o) => o.replyTo === parentId);
    return toDisplayMessages(self, stored, pending, roomId);
  }, [parentId, listed.data, inRoom, outbox, self, roomId]);
  const parentRow = useMemo(() => (parent ? toDisplayMessages(self, [parent], [], roomId)[0] : undefined), [parent, self, roomId]);

  const heading = useRef<HTMLHeadingElement>(null);
  const composer = useRef<ComposerHandle>(null);
  useEffect(() => {
    if (focus === 'heading') heading.current?.focus();
    else composer.current?.focus();
  }, [parentId, focus]);

  // A new reply scrolls the list to it.
  const list = useRef<HTMLDivElement>(null);
  const last = replies.at(-1)?.key;
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [last]);

  const onRetry = useCallback((clientMsgId: string) => controller.retry(clientMsgId), [controller]);
  const onEditFailed = useCallback(
    (clientMsgId: string) => {
      const discarded = controller.discard(clientMsgId);
      if (discarded) composer.current?.insert(discarded.text);
    },
    [controller],
  );

  function onKeyDown(event: KeyboardEvent) {
    // Escape closes the thread unless something inside used it (an editor, the picker, a dialog, the suggestions).
    if (event.key !== 'Escape' || event.defaultPrevented || (event.target as Element).closest('dialog')) return;
    event.preventDefault();
    onClose();
  }

  const count = replies.length;
  return (
    <aside className="thread" aria-labelledby="thread-heading" onKeyDown={onKeyDown}>
      <header className="thread__header">
        <h2 id="thread-heading" ref={heading} tabIndex={-1}>
          Thread <span className="thread__room">in {roomLabel}</span>
        </h2>
        <button type="button" className="icon-button" aria-label="Close the thread" onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      <div ref={list} className="thread__scroller" role="region" aria-label="Replies" tabIndex={0}>
        <ol className="thread__list">
          {parentRow ? (
            <MessageRow message={parentRow} startsGroup onRetry={onRetry} onEdit={onEditFailed} />
          ) : (
            <li className="thread__note">The first message is older than the history loaded here.</li>
          )}
          <li className="thread__divider" aria-hidden="true">
            <span>{count === 1 ? '1 reply' : `${count} replies`}</span>
          </li>
          {replies.map((reply, i) => (
            <MessageRow
              key={reply.key}
              message={reply}
              startsGroup={i === 0 || replies[i - 1]!.userId !== reply.userId}
             
              onRetry={onRetry}
              onEdit={onEditFailed}
            />
          ))}
        </ol>
        {listed.isPending && <p className="thread__note">Loading replies…</p>}
        {listed.isError && (
          <p className="thread__note thread__note--error" role="alert">
            {describeRequestError(listed.error)}{' '}
            <button type="button" className="link-button" onClick={() => void listed.refetch()}>
              Retry
            </button>
          </p>
        )}
      </div>
      <Composer ref={composer} roomId={roomId} roomLabel={roomLabel} replyTo={parentId} />
    </aside>
  );
}
