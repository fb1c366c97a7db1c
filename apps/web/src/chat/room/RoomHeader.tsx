import type { RefObject } from 'react';
import { MenuIcon } from '../icons.tsx';
import { useOnline, useUnreadElsewhere } from '../use-room-state.ts';
import { MuteToggle } from '../unread/UnreadBadges.tsx';
import { ConnectionStatus } from './ConnectionStatus.tsx';

interface RoomHeaderProps {
  roomId: string;
  roomName: string;
  menuButton: RefObject<HTMLButtonElement | null>;
  /** Focusable from script (tabIndex -1): where focus lands on a phone after logging in. */
  heading: RefObject<HTMLHeadingElement | null>;
  sidebarOpen: boolean;
  onOpenSidebar: () => void;
}

export function RoomHeader({ roomId, roomName, menuButton, heading, sidebarOpen, onOpenSidebar }: RoomHeaderProps) {
  const online = useOnline(roomId).length;
  const unreadElsewhere = useUnreadElsewhere(roomId);
  return (
    <header className="room-header">
      <button
        ref={menuButton}
        type="button"
        className="icon-button room-header__menu"
        aria-label={unreadElsewhere > 0 ? `Rooms (${unreadElsewhere} unread elsewhere)` : 'Rooms'}
        aria-expanded={sidebarOpen}
        aria-controls="sidebar"
        onClick={onOpenSidebar}
      >
        <MenuIcon />
        {unreadElsewhere > 0 && <span className="room-header__unread" aria-hidden="true" />}
      </button>
      <div className="room-header__title">
        <h1 ref={heading} tabIndex={-1}>
          <span className="room-header__hash" aria-hidden="true">
            #
          </span>
          {roomName}
        </h1>
        <p className="room-header__meta">{online === 1 ? '1 person online' : `${online} people online`}</p>
      </div>
      <MuteToggle roomId={roomId} roomLabel={`#${roomName}`} />
      <ConnectionStatus />
    </header>
  );
}
