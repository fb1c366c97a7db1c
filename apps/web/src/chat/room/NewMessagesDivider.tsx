import { memo } from 'react';

interface NewMessagesDividerProps {
  rowKey: string;
  /** Its place in the virtualized list, and the list's measuring ref. */
  index: number;
  measure: (el: HTMLLIElement | null) => void;
}

/** The line above the first message that was unread when the room was opened. */
export const NewMessagesDivider = memo(function NewMessagesDivider({ rowKey, index, measure }: NewMessagesDividerProps) {
  return (
    <li ref={measure} className="new-messages" data-row-key={rowKey} data-index={index}>
      <span>New messages</span>
    </li>
  );
});
