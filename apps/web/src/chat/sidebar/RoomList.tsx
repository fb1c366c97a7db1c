import type { Room } from '@chat/contract';
import { UnreadBadges } from '../unread/UnreadBadges.tsx';

interface RoomListProps {
  rooms: Room[];
  activeRoomId: string;
  onSelect: (roomId: string) => void;
}

export function RoomList({ rooms, activeRoomId, onSelect }: RoomListProps) {
  if (rooms.length === 0) return <p className="sidebar__empty">Loading rooms…</p>;
  return (
    <ul className="room-list">
      {rooms.map((room) => {
        return (
          <li key={room.id}>
            <button
              type="button"
              className="room-link"
              aria-current={room.id === activeRoomId ? 'page' : undefined}
              onClick={() => onSelect(room.id)}
            >
              <span className="room-link__hash" aria-hidden="true">
                #
              </span>
              <span className="room-link__name">{room.name}</span>
              <UnreadBadges roomId={room.id} open={room.id === activeRoomId} />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
