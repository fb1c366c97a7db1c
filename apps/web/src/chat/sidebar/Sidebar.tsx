import type { Room } from '@chat/contract';
import { useEffect, useRef, useState } from 'react';
import { Logo } from '../../Logo.tsx';
import { describeRequestError } from '../../lib/errors.ts';
import { CloseIcon, PlusIcon } from '../icons.tsx';
import { CreateRoomForm } from './CreateRoomForm.tsx';
import { OnlineList } from './OnlineList.tsx';
import { RoomList } from './RoomList.tsx';
import { UserCard } from './UserCard.tsx';

interface SidebarProps {
  rooms: Room[];
  roomsError: unknown;
  onRetryRooms: () => void;
  activeRoomId: string;
  onSelectRoom: (roomId: string) => void;
  /** Narrow screens: a drawer, shown when `open`. */
  narrow: boolean;
  open: boolean;
  onClose: () => void;
}

export function Sidebar({ rooms, roomsError, onRetryRooms, activeRoomId, onSelectRoom, narrow, open, onClose }: SidebarProps) {
  const [creating, setCreating] = useState(false);
  const panel = useRef<HTMLElement>(null);
  const hidden = narrow && !open;

  // The drawer takes focus when it opens and gives it back on Escape.
  useEffect(() => {
    if (!narrow || !open) return;
    panel.current?.querySelector<HTMLElement>('[aria-current="page"]')?.focus();
    const onKeyDown = (event: KeyboardEvent) => event.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [narrow, open, onClose]);

  return (
    <aside
      id="sidebar"
      ref={panel}
      className={`sidebar${open ? ' sidebar--open' : ''}`}
      aria-label="Rooms and people"
      inert={hidden}
      {...(narrow && open && { role: 'dialog', 'aria-modal': true })}
    >
      <div className="sidebar__brand">
        <Logo size={28} />
        <span className="sidebar__product">Serverless Chat</span>
        {narrow && (
          <button type="button" className="icon-button sidebar__close" onClick={onClose} aria-label="Close the room list">
            <CloseIcon />
          </button>
        )}
      </div>
      <nav className="sidebar__section sidebar__section--rooms" aria-labelledby="rooms-heading">
        <div className="sidebar__heading">
          <h2 id="rooms-heading">Rooms</h2>
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label="Create a room"
            aria-expanded={creating}
            onClick={() => setCreating((c) => !c)}
          >
            <PlusIcon />
          </button>
        </div>
        {creating && (
          <CreateRoomForm
            onCreated={(room) => {
              setCreating(false);
              onSelectRoom(room.id);
            }}
            onCancel={() => setCreating(false)}
          />
        )}
        {roomsError ? (
          <div className="sidebar__error" role="alert">
            <p>{describeRequestError(roomsError)}</p>
            <button type="button" className="button button--small" onClick={onRetryRooms}>
              Try again
            </button>
          </div>
        ) : (
          <RoomList rooms={rooms} activeRoomId={activeRoomId} onSelect={onSelectRoom} />
        )}
      </nav>
      <OnlineList roomId={activeRoomId} roomName={rooms.find((r) => r.id === activeRoomId)?.name ?? activeRoomId} />
      <UserCard />
    </aside>
  );
}
