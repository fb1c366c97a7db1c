import type { RoomSummary } from '@chat/contract';
import type { RefObject } from 'react';
import { InfoIcon, LockIcon, MenuIcon } from '../icons.tsx';
import { useOnline, useUnreadElsewhere } from '../use-room-state.ts';
import { MuteToggle } from '../unread/UnreadBadges.tsx';
import { ConnectionStatus } from './ConnectionStatus.tsx';

interface RoomHeaderProps {
  roomId: string;
  /** The room's name, or a DM's people. */
  title: string;
  /** Undefined while rooms.list loads, or for a room one cannot open. */
  summary: RoomSummary | undefined;
  menuButton: RefObject<HTMLButtonElement | null>;
  /** Focusable from script (tabIndex -1): where focus lands on a phone after logging in. */
  heading: RefObject<HTMLHeadingElement | null>;
  sidebarOpen: boolean;
  onOpenSidebar: () => void;
  /** Opens the room's details (members, invite, settings, leave); absent when there is no room to show. */
  onOpenDetails?: (() => void) | undefined;
}

const kindLabels = { public: 'Public channel', private: 'Private channel', dm: 'Direct message' } as const;

export function RoomHeader({ roomId, title, summary, menuButton, heading, sidebarOpen, onOpenSidebar, onOpenDetails }: RoomHeaderProps) {
  const online = useOnline(roomId).length;
  const unreadElsewhere = useUnreadElsewhere(roomId);
  const room = summary?.room;
  const kind = room?.kind ?? 'public';
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
          {kind === 'dm' ? null : (
            <span className="room-header__hash" aria-hidden="true">
              {kind === 'private' ? <LockIcon /> : '#'}
            </span>
          )}
          {title}
        </h1>
        <p className="room-header__meta">
          {room && kind !== 'public' && <span>{kindLabels[kind]} · </span>}
          {room?.archived && <span className="room-header__archived">Archived · </span>}
          {room?.topic ? (
            <span className="room-header__topic" title={room.topic}>
              {room.topic}
            </span>
          ) : (
            <span>{online === 1 ? '1 person online' : `${online} people online`}</span>
          )}
        </p>
      </div>
      {onOpenDetails && (
        <button type="button" className="icon-button room-header__details" aria-label={`Details of ${kind === 'dm' ? 'this conversation' : `#${title}`}`} onClick={onOpenDetails}>
          <InfoIcon />
        </button>
      )}
      <MuteToggle roomId={roomId} roomLabel={kind === 'dm' ? title : `#${title}`} />
      <ConnectionStatus />
    </header>
  );
}
