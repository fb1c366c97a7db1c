// Desktop notifications (the Notification API) for what asks for the user while they look
// elsewhere: a new message in a DM, or one that mentions them, while the tab is hidden; never
// their own, never a muted room's. A click brings the tab forward with the room open.
import type { Message, RoomSummary } from '@chat/contract';
import type { ChatSocket } from '@chat/contract/socket';
import { isAsCreated } from '../state/room-summaries.ts';

/** Longer texts are cut here (the system shortens them further anyway). */
const BODY_MAX = 200;

export interface NotifyContext {
  selfId: string;
  /** The message's room as rooms.list has it (undefined when not loaded). */
  summary: RoomSummary | undefined;
  muted: boolean;
  hidden: boolean;
}

/** Whether a message state from the feed deserves a desktop notification. */
export function shouldNotify(message: Message, { selfId, summary, muted, hidden }: NotifyContext): boolean {
  if (!hidden || muted || message.userId === selfId || !isAsCreated(message)) return false;
  return summary?.room.kind === 'dm' || message.mentions.includes(selfId);
}

/** What the notification says: who, where (not for a DM: the sender is the conversation), and the text. */
export function notificationContent(message: Message, summary: RoomSummary | undefined): { title: string; body: string } {
  const dm = summary?.room.kind === 'dm';
  const title = dm ? message.username : `${message.username} in #${summary?.room.name ?? message.roomId}`;
  const text = [...message.text];
  const body = text.length > BODY_MAX ? `${text.slice(0, BODY_MAX - 1).join('')}…` : message.text;
  return { title, body };
}

export interface DesktopNotifierOptions {
  selfId: string;
  socket: ChatSocket;
  summaryOf: (roomId: string) => RoomSummary | undefined;
  /** Reads rooms.list again: a room not in it yet (a DM someone just opened) may be one to notify for. */
  refreshSummaries?: () => Promise<unknown>;
  isMuted: (roomId: string) => boolean;
  openRoom: (roomId: string) => void;
  /** The page's Notification constructor (absent in some browsers). */
  Notification?: typeof globalThis.Notification | undefined;
  isHidden?: () => boolean;
  focusWindow?: () => void;
}

/** Shows notifications for the feed's messages while permitted; returns the way to stop. */
export function startDesktopNotifier(options: DesktopNotifierOptions): () => void {
  const { selfId, socket, summaryOf, isMuted, openRoom } = options;
  const NotificationApi = options.Notification ?? globalThis.Notification;
  const isHidden = options.isHidden ?? (() => document.visibilityState === 'hidden');
  const focusWindow = options.focusWindow ?? (() => window.focus());
  /** A message comes again after a reconnect (resumed): it notified once already. */
  const notified = new Set<string>();

  let stopped = false;

  function show(message: Message, summary: RoomSummary | undefined): void {
    if (stopped || notified.has(message.id)) return;
    notified.add(message.id);
    const { title, body } = notificationContent(message, summary);
    try {
      const notification = new NotificationApi(title, { body, tag: message.id });
      notification.onclick = () => {
        focusWindow();
        openRoom(message.roomId);
        notification.close();
      };
    } catch (err) {
      // Some browsers allow notifications only from a service worker: none then, and no crash.
      console.warn(`chat: notification refused: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const off = socket.on('message', ({ message }) => {
    if (NotificationApi?.permission !== 'granted' || notified.has(message.id)) return;
    // Hidden and muted as the message arrives, not after the list is read again.
    const context = { selfId, muted: isMuted(message.roomId), hidden: isHidden() };
    const summary = summaryOf(message.roomId);
    if (shouldNotify(message, { ...context, summary })) return show(message, summary);
    if (summary || !options.refreshSummaries || !shouldNotify(message, { ...context, summary: dmPlaceholder })) return;
    options.refreshSummaries().then(
      () => {
        const known = summaryOf(message.roomId);
        if (shouldNotify(message, { ...context, summary: known })) show(message, known);
      },
      () => {}, // the list failed to load: no notification, and the list says why
    );
  });
  return () => {
    stopped = true;
    off();
  };
}

/** Asks shouldNotify whether a message would notify if its unknown room were a DM. */
const dmPlaceholder: RoomSummary = {
  room: { id: '', name: '', kind: 'dm', topic: '', createdAt: 0, createdBy: '', archived: false },
  lastSeq: 0,
  readSeq: 0,
  unread: 0,
  mentions: 0,
};
