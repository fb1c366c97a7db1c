import { useEffect } from 'react';
import { usePageVisible, useUnreadTotal } from './use-read-state.ts';

/**
 * "(3) #general · Serverless Chat": the open room (`roomLabel`: "#general", a DM's people), and
 * what asks for the reader (unread messages, mentions in muted rooms: the server's counts), in
 * the tab. The open room counts too while the tab is hidden: it is not being read then.
 */
export function useDocumentTitle(roomId: string, roomLabel: string): void {
  const unread = useUnreadTotal(usePageVisible() ? roomId : null);
  useEffect(() => {
    document.title = `${unread > 0 ? `(${unread}) ` : ''}${roomLabel} · Serverless Chat`;
    return () => void (document.title = 'Serverless Chat');
  }, [unread, roomLabel]);
}
