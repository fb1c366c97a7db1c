import { GENERAL_ROOM_ID } from '@chat/contract';
import { useEffect, useState } from 'react';
import { useRoomRoute } from '../lib/room-route.ts';
import type { Session } from '../session/session-store.ts';
import { ChatLayout } from './ChatLayout.tsx';
import { ChatProvider } from './ChatProvider.tsx';

export function ChatScreen({ session, wsUrl }: { session: Session; wsUrl: string }) {
  const [routeRoomId, openRoom] = useRoomRoute();
  const [initialRoomId] = useState(() => routeRoomId ?? GENERAL_ROOM_ID);
  useEffect(() => {
    if (!routeRoomId) openRoom(initialRoomId, { replace: true });
  }, [routeRoomId, openRoom, initialRoomId]);

  return (
    <ChatProvider session={session} wsUrl={wsUrl} initialRoomId={initialRoomId}>
      <ChatLayout activeRoomId={routeRoomId ?? initialRoomId} openRoom={openRoom} />
    </ChatProvider>
  );
}
