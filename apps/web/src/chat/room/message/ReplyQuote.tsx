// Above a reply: who and what it answers, a button that opens the thread.
import type { Message } from '@chat/contract';

interface ReplyQuoteProps {
  /** The thread's first message; undefined when it is not loaded here (older than the history shown). */
  parent: Message | undefined;
  onOpen: () => void;
}

const EXCERPT = 90;

export function ReplyQuote({ parent, onOpen }: ReplyQuoteProps) {
  const excerpt = !parent
    ? 'an earlier message'
    : parent.deletedAt !== null
      ? 'a deleted message'
      : parent.text.length > EXCERPT
        ? `${parent.text.slice(0, EXCERPT)}…`
        : parent.text;
  const shown = parent ? `${parent.username}: ${excerpt}` : excerpt;
  return (
    <button type="button" className="reply-quote" onClick={onOpen} aria-label={`Reply to ${shown} (open the thread)`}>
      {parent && <span className="reply-quote__author">{parent.username}:</span>} {excerpt}
    </button>
  );
}
