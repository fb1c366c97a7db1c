import { GENERAL_ROOM_ID } from '@chat/contract';
import { useQuery } from '@tanstack/react-query';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { sortRooms } from '../lib/rooms.ts';
import { NARROW_SCREEN, useMediaQuery } from '../lib/use-media-query.ts';
import { useTRPC } from '../trpc.ts';
import { useChat } from './chat-context.ts';
import { Composer, type ComposerHandle } from './composer/Composer.tsx';
import { ThreadPanel, preloadOnDemandParts } from './lazy-parts.ts';
import { LiveAnnouncer } from './LiveAnnouncer.tsx';
import { DesktopNotifications } from './notifications/DesktopNotifications.tsx';
import { MessageList } from './room/MessageList.tsx';
import { RoomHeader } from './room/RoomHeader.tsx';
import { TypingIndicator } from './room/TypingIndicator.tsx';
import { Sidebar } from './sidebar/Sidebar.tsx';
import { useDocumentTitle } from './use-document-title.ts';

interface ChatLayoutProps {
  activeRoomId: string;
  openRoom: (roomId: string, options?: { replace?: boolean }) => void;
  /** Just logged in: focus goes to the composer (on a phone to the room's heading: no keyboard popping up). */
  takeFocus?: boolean;
}

/** The sidebar (a drawer on narrow screens) and the open room. */
export function ChatLayout({ activeRoomId, openRoom, takeFocus = false }: ChatLayoutProps) {
  const trpc = useTRPC();
  const { controller } = useChat();
  const roomsQuery = useQuery(trpc.rooms.list.queryOptions(undefined, { refetchInterval: 30_000 }));
  // Confirms the stored session with the server early (an UNAUTHORIZED ends it).
  useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const rooms = useMemo(() => sortRooms((roomsQuery.data ?? []).map((s) => s.room)), [roomsQuery.data]);
  const activeRoom = rooms.find((r) => r.id === activeRoomId);
  const roomName = activeRoom?.name ?? activeRoomId;

  useEffect(() => {
    if (roomsQuery.isSuccess && !activeRoom && activeRoomId !== GENERAL_ROOM_ID) openRoom(GENERAL_ROOM_ID, { replace: true });
  }, [roomsQuery.isSuccess, activeRoom, activeRoomId, openRoom]);
  useEffect(() => controller.open(activeRoomId), [controller, activeRoomId]);
  useDocumentTitle(activeRoomId, `#${roomName}`);
  useEffect(() => controller.joinRooms(rooms.map((r) => r.id)), [controller, rooms]);
  useEffect(preloadOnDemandParts, []);

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
        rooms={rooms}
        roomsError={roomsQuery.isError ? roomsQuery.error : null}
        onRetryRooms={() => void roomsQuery.refetch()}
        activeRoomId={activeRoomId}
        onSelectRoom={selectRoom}
        narrow={narrow}
        open={sidebarOpen}
        onClose={closeSidebar}
      />
      {drawerOpen && <div className="backdrop" onClick={closeSidebar} aria-hidden="true" />}
      <main className="room" aria-label={`#${roomName}`} inert={drawerOpen || threadOver}>
        <RoomHeader
          roomId={activeRoomId}
          roomName={roomName}
          menuButton={menuButton}
          heading={heading}
          sidebarOpen={sidebarOpen}
          onOpenSidebar={() => setSidebarOpen(true)}
        />
        <DesktopNotifications openRoom={openRoom} />
        <MessageList
          key={`messages:${activeRoomId}`}
          roomId={activeRoomId}
          roomName={roomName}
          onEdit={insertInComposer}
          onOpenThread={openThread}
        />
        <TypingIndicator roomId={activeRoomId} />
        <Composer key={`composer:${activeRoomId}`} ref={composer} roomId={activeRoomId} roomName={roomName} />
      </main>
      {threadId && (
        <Suspense fallback={null}>
          <ThreadPanel
            key={threadId}
            roomId={activeRoomId}
            roomName={roomName}
            parentId={threadId}
            focus={narrow ? 'heading' : 'composer'}
            onClose={closeThread}
          />
        </Suspense>
      )}
      <LiveAnnouncer activeRoomId={activeRoomId} rooms={rooms} />
    </div>
  );
}
