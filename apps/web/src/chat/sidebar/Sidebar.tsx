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

const FOCUSABLE = 'button:not([disabled]), a[href], input:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Tab from the last focusable element goes to the first, Shift+Tab from the first to the last. */
function trapTab(panel: HTMLElement, event: KeyboardEvent): void {
  const focusable = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey ? active === first || !panel.contains(active) : active === last || !panel.contains(active)) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}

export function Sidebar({ rooms, roomsError, onRetryRooms, activeRoomId, onSelectRoom, narrow, open, onClose }: SidebarProps) {
  const [creating, setCreating] = useState(false);
  const panel = useRef<HTMLElement>(null);
  const hidden = narrow && !open;

  // The open drawer takes focus and keeps it: the room behind is inert, Tab wraps around inside
  // the drawer, Escape closes it (ChatLayout then gives focus back to the button that opened it).
  useEffect(() => {
    if (!narrow || !open) return;
    panel.current?.querySelector<HTMLElement>('[aria-current="page"]')?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
      else if (event.key === 'Tab' && panel.current) trapTab(panel.current, event);
    };
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
