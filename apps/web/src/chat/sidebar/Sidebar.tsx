import type { RoomSummary } from '@chat/contract';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Logo } from '../../Logo.tsx';
import { describeRequestError } from '../../lib/errors.ts';
import { BrowseRoomsDialog } from '../dialogs/BrowseRoomsDialog.tsx';
import { NewMessageDialog } from '../dialogs/NewMessageDialog.tsx';
import { CloseIcon, PlusIcon, SearchIcon } from '../icons.tsx';
import { CreateRoomForm } from './CreateRoomForm.tsx';
import { OnlineList } from './OnlineList.tsx';
import { RoomList } from './RoomList.tsx';
import { UserCard } from './UserCard.tsx';

interface SidebarProps {
  channels: RoomSummary[];
  directMessages: RoomSummary[];
  /** Still loading rooms.list (the lists say so instead of "none"). */
  loading: boolean;
  roomsError: unknown;
  onRetryRooms: () => void;
  activeRoomId: string;
  /** How text names the open room: "#design", or a DM's people. */
  activeLabel: string;
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

export function Sidebar(props: SidebarProps) {
  const { channels, directMessages, loading, roomsError, onRetryRooms, activeRoomId, activeLabel, onSelectRoom, narrow, open, onClose } = props;
  const [creating, setCreating] = useState(false);
  const [dialog, setDialog] = useState<'browse' | 'dm' | null>(null);
  const memberOf = useMemo(() => new Set(channels.map((s) => s.room.id)), [channels]);
  const panel = useRef<HTMLElement>(null);
  const hidden = narrow && !open;

  // The open drawer takes focus and keeps it: the room behind is inert, Tab wraps around inside
  // the drawer, Escape closes it (ChatLayout then gives focus back to the button that opened it).
  useEffect(() => {
    if (!narrow || !open) return;
    // The open room's link; a room not in the list (not found, joining) has none: the first control then.
    (panel.current?.querySelector<HTMLElement>('[aria-current="page"]') ?? panel.current?.querySelector<HTMLElement>(FOCUSABLE))?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector('dialog[open]')) return; // a dialog's own keys
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
      <nav className="sidebar__section sidebar__section--rooms" aria-label="Rooms">
        <div className="sidebar__heading">
          <h2 id="channels-heading">Channels</h2>
          <div className="sidebar__tools">
            <button type="button" className="icon-button icon-button--small" aria-label="Browse channels" onClick={() => setDialog('browse')}>
              <SearchIcon />
            </button>
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
          <>
            <RoomList label="Channels" rooms={channels} activeRoomId={activeRoomId} onSelect={onSelectRoom} empty={loading ? 'Loading rooms…' : 'No channels.'} />
            <div className="sidebar__heading sidebar__heading--next">
              <h2 id="dms-heading">Direct messages</h2>
              <button type="button" className="icon-button icon-button--small" aria-label="New message" onClick={() => setDialog('dm')}>
                <PlusIcon />
              </button>
            </div>
            <RoomList
              label="Direct messages"
              rooms={directMessages}
              activeRoomId={activeRoomId}
              onSelect={onSelectRoom}
              empty={loading ? 'Loading…' : 'None yet.'}
            />
          </>
        )}
      </nav>
      {dialog === 'browse' && <BrowseRoomsDialog memberOf={memberOf} onClose={() => setDialog(null)} />}
      {dialog === 'dm' && <NewMessageDialog onClose={() => setDialog(null)} />}
      <OnlineList roomId={activeRoomId} roomLabel={activeLabel} />
      <UserCard />
    </aside>
  );
}
