import { useEffect } from 'react';
import { useChat } from './chat-context.ts';
import { useChatSelector } from './state/chat-store.ts';

/** "(3) #general · Serverless Chat": the open room, and unread messages elsewhere, in the tab. */
export function useDocumentTitle(roomName: string): void {
  const { store } = useChat();
  const unread = useChatSelector(store, (s) =>
    Object.entries(s.rooms).reduce((sum, [id, room]) => (id === s.activeRoomId ? sum : sum + room.unread), 0),
  );
  useEffect(() => {
    document.title = `${unread > 0 ? `(${unread}) ` : ''}#${roomName} · Serverless Chat`;
    return () => void (document.title = 'Serverless Chat');
  }, [unread, roomName]);
}
