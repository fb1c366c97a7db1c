import type { Room } from '@chat/contract';
import { useChat } from '../chat-context.ts';
import { useStore } from '../state/store.ts';

interface RoomListProps {
  rooms: Room[];
  activeRoomId: string;
  onSelect: (roomId: string) => void;
}

export function RoomList({ rooms, activeRoomId, onSelect }: RoomListProps) {
  const counts = useStore(useChat().stores.unread, (u) => u);
  if (rooms.length === 0) return <p className="sidebar__empty">Loading rooms…</p>;
  return (
    <ul className="room-list">
      {rooms.map((room) => {
        const unread = room.id === activeRoomId ? 0 : (counts[room.id] ?? 0);
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
              {unread > 0 && (
                <span className="badge" aria-label={`${unread} unread`}>
                  {unread > 99 ? '99+' : unread}
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
