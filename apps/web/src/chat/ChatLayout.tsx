import { GENERAL_ROOM_ID } from '@chat/contract';
import { useQuery } from '@tanstack/react-query';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { NARROW_SCREEN, useMediaQuery } from '../lib/use-media-query.ts';
import { useTRPC } from '../trpc.ts';
import { useChat } from './chat-context.ts';
import { Composer, type ComposerHandle } from './composer/Composer.tsx';
import { RoomDetailsDialog } from './dialogs/RoomDetailsDialog.tsx';
import { ThreadPanel, preloadOnDemandParts } from './lazy-parts.ts';
import { LiveAnnouncer } from './LiveAnnouncer.tsx';
import { DesktopNotifications } from './notifications/DesktopNotifications.tsx';
import { MessageList } from './room/MessageList.tsx';
import { RoomHeader } from './room/RoomHeader.tsx';
import { RoomNotFound } from './room/RoomNotFound.tsx';
import { TypingIndicator } from './room/TypingIndicator.tsx';
import { RoomNavigationContext } from './room-navigation.ts';
import { Sidebar } from './sidebar/Sidebar.tsx';
import { roomTitle, sidebarOrder } from './state/room-summaries.ts';
import { useDocumentTitle } from './use-document-title.ts';
import { useRoomAccess } from './use-room-access.ts';
import { useRoomFrames, useRoomSummaries } from './use-rooms.ts';

const ARCHIVED = 'This room is archived: it is read-only.';

interface ChatLayoutProps {
  activeRoomId: string;
  openRoom: (roomId: string, options?: { replace?: boolean }) => void;
  /** Just logged in: focus goes to the composer (on a phone to the room's heading: no keyboard popping up). */
  takeFocus?: boolean;
}

/** The sidebar (a drawer on narrow screens) and the open room. */
export function ChatLayout({ activeRoomId, openRoom, takeFocus = false }: ChatLayoutProps) {
  const trpc = useTRPC();
  const { controller, self } = useChat();
  // Kept live by `room` / `roomLeft` frames: no polling.
  const { query: roomsQuery, channels, directMessages } = useRoomSummaries();
  // Confirms the stored session with the server early (an UNAUTHORIZED ends it).
  useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const ordered = useMemo(() => sidebarOrder({ channels, directMessages }), [channels, directMessages]);
  // What the announcer and the title call each room (a DM by its people).
  const rooms = useMemo(() => ordered.map((s) => ({ ...s.room, name: roomTitle(s, self.id) })), [ordered, self.id]);
  const access = useRoomAccess(activeRoomId, roomsQuery.data);
  const activeSummary = access.state === 'member' ? access.summary : undefined;
  const roomName = activeSummary ? roomTitle(activeSummary, self.id) : access.state === 'missing' ? 'Room not found' : activeRoomId;
  // How text names the room: "#design", a DM by its people.
  const roomLabel = activeSummary?.room.kind === 'dm' ? roomName : `#${roomName}`;
  const showRoom = access.state === 'member' || access.state === 'loading';
  const archived = activeSummary?.room.archived ?? false;

  // The room left (here, or on another device) or removed from: back to general.
  const leaveIfOpen = useCallback(
    (roomId: string) => {
      if (roomId === activeRoomId) openRoom(GENERAL_ROOM_ID, { replace: true });
    },
    [activeRoomId, openRoom],
  );
  useRoomFrames(leaveIfOpen);
  // Only the open room is focused (presence, typing); messages of every room arrive anyway.
  useEffect(() => {
    if (showRoom) controller.open(activeRoomId);
  }, [controller, activeRoomId, showRoom]);
  useDocumentTitle(activeRoomId, roomLabel);
  useEffect(preloadOnDemandParts, []);
  const [detailsOpen, setDetailsOpen] = useState(false);
  useEffect(() => setDetailsOpen(false), [activeRoomId]);
  const goHome = useCallback(() => openRoom(GENERAL_ROOM_ID), [openRoom]);

  const narrow = useMediaQuery(NARROW_SCREEN);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const focusMenuButton = useRef(false);
  const closeSidebar = useCallback(() => {
    setSidebarOpen(false);
    focusMenuButton.current = true;
  }, []);
  const drawerOpen = narrow && sidebarOpen;
  // Focus goes back to the button that opened the drawer once the room is no longer inert.
  useEffect(() => {
    if (drawerOpen || !focusMenuButton.current) return;
    focusMenuButton.current = false;
    menuButton.current?.focus();
  }, [drawerOpen]);

  const composer = useRef<ComposerHandle>(null);
  // Stable: a new function each render would re-render every memoized row.
  const insertInComposer = useCallback((text: string) => composer.current?.insert(text), []);
  const heading = useRef<HTMLHeadingElement>(null);
  const focusOnArrival = useRef(takeFocus);
  useEffect(() => {
    if (!focusOnArrival.current) return;
    focusOnArrival.current = false;
    if (narrow) heading.current?.focus();
    else composer.current?.focus();
  }, [narrow]);
  const selectRoom = useCallback(
    (roomId: string) => {
      openRoom(roomId);
      // On a phone the keyboard would cover the room just chosen: focus goes back to the toggle.
      if (narrow) closeSidebar();
      else requestAnimationFrame(() => composer.current?.focus());
    },
    [openRoom, narrow, closeSidebar],
  );

  // The open thread (its first message's id) and the element that opened it, which gets focus back.
  const [threadId, setThreadId] = useState<string | null>(null);
  const threadOpener = useRef<HTMLElement | null>(null);
  const openThread = useCallback((parentId: string) => {
    threadOpener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setThreadId(parentId);
  }, []);
  const closeThread = useCallback(() => {
    setThreadId(null);
    const opener = threadOpener.current;
    threadOpener.current = null;
    requestAnimationFrame(() => (opener?.isConnected ? opener.focus() : composer.current?.focus()));
  }, []);
  useEffect(() => setThreadId(null), [activeRoomId]);
  const threadOver = narrow && threadId !== null; // on a phone the thread covers the room

  // A dialog's own choice of room (a DM opened, a channel joined) goes where a click in the list would.
  const navigateTo = useCallback((roomId: string) => selectRoom(roomId), [selectRoom]);

  // Alt+ArrowUp / Alt+ArrowDown: previous / next room, from anywhere.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') || rooms.length < 2) return;
      event.preventDefault();
      const index = rooms.findIndex((r) => r.id === activeRoomId);
      const next = rooms[(index + (event.key === 'ArrowDown' ? 1 : rooms.length - 1)) % rooms.length];
      if (next) selectRoom(next.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [rooms, activeRoomId, selectRoom]);

  return (
    <RoomNavigationContext value={navigateTo}>
      <div className={`chat${drawerOpen ? ' chat--drawer-open' : ''}${threadId ? ' chat--thread-open' : ''}`}>
        {!drawerOpen && (
          <a
            href="#composer"
            className="skip-link"
            onClick={(event) => {
              event.preventDefault();
              composer.current?.focus();
            }}
          >
            Skip to the message box
          </a>
        )}
        <Sidebar
          channels={channels}
          directMessages={directMessages}
          loading={roomsQuery.isPending}
          roomsError={roomsQuery.isError ? roomsQuery.error : null}
          onRetryRooms={() => void roomsQuery.refetch()}
          activeRoomId={activeRoomId}
          activeLabel={roomLabel}
          onSelectRoom={selectRoom}
          narrow={narrow}
          open={sidebarOpen}
          onClose={closeSidebar}
        />
        {drawerOpen && <div className="backdrop" onClick={closeSidebar} aria-hidden="true" />}
        <main className="room" aria-label={roomLabel} inert={drawerOpen || threadOver}>
          <RoomHeader
            roomId={activeRoomId}
            title={roomName}
            summary={activeSummary}
            menuButton={menuButton}
            heading={heading}
            sidebarOpen={sidebarOpen}
            onOpenSidebar={() => setSidebarOpen(true)}
            onOpenDetails={activeSummary ? () => setDetailsOpen(true) : undefined}
          />
          <DesktopNotifications openRoom={openRoom} />
          {showRoom ? (
            <>
              <MessageList
                key={`messages:${activeRoomId}`}
                roomId={activeRoomId}
                roomLabel={roomLabel}
                onEdit={insertInComposer}
                onOpenThread={openThread}
              />
              <TypingIndicator roomId={activeRoomId} />
              <Composer
                key={`composer:${activeRoomId}`}
                ref={composer}
                roomId={activeRoomId}
                roomLabel={roomLabel}
                readOnly={archived ? ARCHIVED : undefined}
              />
            </>
          ) : access.state === 'missing' ? (
            <RoomNotFound message={access.message} onGoHome={goHome} />
          ) : (
            <p className="room-joining" role="status">
              Opening the room…
            </p>
          )}
        </main>
        {detailsOpen && activeSummary && (
          <RoomDetailsDialog
            summary={activeSummary}
            title={roomName}
            onClose={() => setDetailsOpen(false)}
            onLeft={() => {
              setDetailsOpen(false);
              openRoom(GENERAL_ROOM_ID, { replace: true });
            }}
          />
        )}
        {threadId && showRoom && (
          <Suspense fallback={null}>
            <ThreadPanel
              key={threadId}
              roomId={activeRoomId}
              roomLabel={roomLabel}
              parentId={threadId}
              focus={narrow ? 'heading' : 'composer'}
              onClose={closeThread}
            />
          </Suspense>
        )}
        <LiveAnnouncer activeRoomId={activeRoomId} rooms={rooms} />
      </div>
    </RoomNavigationContext>
  );
}
