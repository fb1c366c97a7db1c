import type { Room } from '@chat/contract';
import { useEffect, useRef, useState } from 'react';
import { announcementText } from './announcement-text.ts';
import { useChat } from './chat-context.ts';

interface Line {
  id: number;
  text: string;
}

const KEEP = 3;

/** Tells screen readers about others' new messages, edits and deletes (aria-live), without moving focus. */
export function LiveAnnouncer({ activeRoomId, rooms }: { activeRoomId: string; rooms: Room[] }) {
  const { controller } = useChat();
  const [lines, setLines] = useState<Line[]>([]);
  const nextId = useRef(0);
  const context = useRef({ activeRoomId, rooms });
  context.current = { activeRoomId, rooms };

  useEffect(
    () =>
      controller.onAnnouncement(({ roomId, message, previous }) => {
        const { activeRoomId: active, rooms: known } = context.current;
        const roomName = known.find((r) => r.id === roomId)?.name ?? roomId;
        const text = announcementText(message, previous, { inOpenRoom: roomId === active, roomName });
        if (text === null) return;
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
