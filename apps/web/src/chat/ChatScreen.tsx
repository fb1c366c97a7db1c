import { GENERAL_ROOM_ID } from '@chat/contract';
import { useEffect, useState } from 'react';
import { useRoomRoute } from '../lib/room-route.ts';
import type { Session } from '../session/session-store.ts';
import { ChatLayout } from './ChatLayout.tsx';
import { ChatProvider } from './ChatProvider.tsx';

/** `takeFocus`: just logged in, so focus goes to the room (see ChatLayout). */
export function ChatScreen({ session, wsUrl, takeFocus = false }: { session: Session; wsUrl: string; takeFocus?: boolean }) {
  const [routeRoomId, openRoom] = useRoomRoute();
  const [initialRoomId] = useState(() => routeRoomId ?? GENERAL_ROOM_ID);
  useEffect(() => {
    if (!routeRoomId) openRoom(initialRoomId, { replace: true });
  }, [routeRoomId, openRoom, initialRoomId]);

  return (
    <ChatProvider session={session} wsUrl={wsUrl} initialRoomId={initialRoomId}>
      <ChatLayout activeRoomId={routeRoomId ?? initialRoomId} openRoom={openRoom} takeFocus={takeFocus} />
    </ChatProvider>
  );
}
