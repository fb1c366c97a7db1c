import type { Room } from '@chat/contract';
import { useEffect, useRef, useState } from 'react';
import { useChat } from './chat-context.ts';

interface Line {
  id: number;
  text: string;
}

const KEEP = 3;
const MAX_TEXT = 240;

/** Tells screen readers about new messages from others (aria-live), without moving focus. */
export function LiveAnnouncer({ activeRoomId, rooms }: { activeRoomId: string; rooms: Room[] }) {
  const { controller } = useChat();
  const [lines, setLines] = useState<Line[]>([]);
  const nextId = useRef(0);
  const context = useRef({ activeRoomId, rooms });
  context.current = { activeRoomId, rooms };

  useEffect(
    () =>
      controller.onAnnouncement(({ roomId, message }) => {
        const { activeRoomId: active, rooms: known } = context.current;
        const text =
          roomId === active
            ? `${message.username}: ${message.text.length > MAX_TEXT ? `${message.text.slice(0, MAX_TEXT)}…` : message.text}`
            : `New message in #${known.find((r) => r.id === roomId)?.name ?? roomId} from ${message.username}`;
        const id = ++nextId.current;
        setLines((current) => [...current.slice(-(KEEP - 1)), { id, text }]);
      }),
    [controller],
  );

  return (
    <div className="sr-only" aria-live="polite" aria-relevant="additions" data-testid="announcer">
      {lines.map((line) => (
        <p key={line.id}>{line.text}</p>
      ))}
    </div>
  );
}
