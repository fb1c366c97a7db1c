import { useEffect } from 'react';
import { useUnreadElsewhere } from './use-room-state.ts';

/** "(3) #general · Serverless Chat": the open room, and unread messages elsewhere, in the tab. */
export function useDocumentTitle(roomId: string, roomName: string): void {
  const unread = useUnreadElsewhere(roomId);
  useEffect(() => {
    document.title = `${unread > 0 ? `(${unread}) ` : ''}#${roomName} · Serverless Chat`;
    return () => void (document.title = 'Serverless Chat');
  }, [unread, roomName]);
}
