// Desktop notifications while the tab is hidden, and the polite way to ask for them: a prompt
// the user can dismiss, asking the browser only from its button (never on load).
import type { RoomSummary } from '@chat/contract';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '../../trpc.ts';
import { useChat } from '../chat-context.ts';
import { startDesktopNotifier } from './desktop-notifications.ts';

const dismissedKey = (userId: string) => `chat.notifications-prompt-dismissed.${userId}`;

function dismissedBefore(userId: string): boolean {
  try {
    return localStorage.getItem(dismissedKey(userId)) !== null;
  } catch {
    return false;
  }
}

export function DesktopNotifications({ openRoom }: { openRoom: (roomId: string) => void }) {
  const { self, socket, muted } = useChat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const open = useRef(openRoom);
  open.current = openRoom;
  const supported = typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(() => (supported ? Notification.permission : 'denied'));
  const [dismissed, setDismissed] = useState(() => dismissedBefore(self.id));

  useEffect(() => {
    if (!supported) return;
    const key = trpc.rooms.list.queryKey();
    return startDesktopNotifier({
      selfId: self.id,
      socket,
      summaryOf: (roomId) => queryClient.getQueryData<RoomSummary[]>(key)?.find((s) => s.room.id === roomId),
      refreshSummaries: () => queryClient.refetchQueries({ queryKey: key, exact: true }),
      isMuted: (roomId) => muted.store.get().has(roomId),
      openRoom: (roomId) => open.current(roomId),
    });
  }, [supported, self.id, socket, queryClient, trpc, muted]);

  if (!supported || permission !== 'default' || dismissed) return null;
  const dismiss = () => {
    setDismissed(true);
    try {
      localStorage.setItem(dismissedKey(self.id), '1');
    } catch {
      // not remembered: asked again next time
    }
  };
  return (
    <div className="notify-prompt" role="region" aria-label="Desktop notifications">
      <p>Get a desktop notification for direct messages and mentions of you while this tab is in the background?</p>
      <div className="notify-prompt__actions">
        <button type="button" className="button button--small" onClick={() => void Notification.requestPermission().then(setPermission, () => {})}>
          Turn on
        </button>
        <button type="button" className="button button--small button--quiet" onClick={dismiss}>
          Not now
        </button>
      </div>
    </div>
  );
}
