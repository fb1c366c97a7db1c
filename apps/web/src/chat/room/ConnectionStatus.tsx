import type { ChatSocketStatus } from '@chat/contract/socket';
import { useChat } from '../chat-context.ts';
import { useSocketStatus } from '../socket/use-chat-socket.ts';

const labels: Record<ChatSocketStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  closed: 'Disconnected',
};

const explanations: Record<ChatSocketStatus, string> = {
  connecting: 'Connecting to the chat.',
  live: 'Connected: messages arrive as they are sent.',
  reconnecting: 'The connection dropped. Reconnecting; what you send goes out once it is back.',
  offline: 'You are offline. What you send goes out when you are back online.',
  closed: 'Disconnected.',
};

/** Always visible: whether messages are flowing right now. */
export function ConnectionStatus() {
  const { socket } = useChat();
  const status = useSocketStatus(socket);
  return (
    <div className={`connection connection--${status}`} role="status" data-status={status} title={explanations[status]}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__label">{labels[status]}</span>
      <span className="sr-only">{explanations[status]}</span>
    </div>
  );
}

export function useIsLive(): boolean {
  const { socket } = useChat();
  return useSocketStatus(socket) === 'live';
}
