import type { RoomSummary } from '@chat/contract';
import { useChat } from '../chat-context.ts';
import { LockIcon } from '../icons.tsx';
import { roomTitle } from '../state/room-summaries.ts';
import { UnreadBadges } from '../unread/UnreadBadges.tsx';

interface RoomListProps {
  rooms: RoomSummary[];
  activeRoomId: string;
  onSelect: (roomId: string) => void;
  /** Named for screen readers: "Channels", "Direct messages". */
  label: string;
  /** Shown when there are none (after loading). */
  empty: string;
}

/** A public channel shows "#", a private one a lock (and says "private"), a DM its people. */
export function RoomList({ rooms, activeRoomId, onSelect, label, empty }: RoomListProps) {
  const { self } = useChat();
  if (rooms.length === 0) return <p className="sidebar__empty">{empty}</p>;
  return (
    <ul className="room-list" aria-label={label}>
      {rooms.map((summary) => {
        const { room } = summary;
        return (
          <li key={room.id}>
            <button
              type="button"
              className={`room-link${room.archived ? ' room-link--archived' : ''}`}
              aria-current={room.id === activeRoomId ? 'page' : undefined}
              onClick={() => onSelect(room.id)}
            >
              {room.kind === 'public' ? (
                <span className="room-link__hash" aria-hidden="true">
                  #
                </span>
              ) : room.kind === 'private' ? (
                <span className="room-link__hash">
                  <LockIcon />
                </span>
              ) : (
                <span className="room-link__hash room-link__dm" aria-hidden="true">
                  @
                </span>
              )}
              <span className="room-link__name">{roomTitle(summary, self.id)}</span>
              {room.kind === 'private' && <span className="sr-only"> (private)</span>}
              {room.archived && <span className="tag">archived</span>}
              <UnreadBadges roomId={room.id} open={room.id === activeRoomId} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
