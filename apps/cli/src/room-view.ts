// One open room: its live messages and its latest history, printed as numbered lines, each
// later state of a message as a line saying what changed.
import type { ChatClient } from '@chat/client';
import { describeError } from './errors.ts';
import { changeLine, messageLine, type Tone } from './format.ts';
import { applyMessage } from './messages.ts';
import type { Message } from './sdk-types.ts';

const historyShown = 20;
/** How long the history waits for the live side's join (the SDK keeps trying after). */
const joinWaitMs = 5_000;

export interface RoomView {
  readonly id: string;
  readonly title: string;
  /** As numbered on screen. */
  readonly messages: readonly Message[];
  /** Resolves once the history is shown. */
  readonly ready: Promise<void>;
  close(): void;
}

export interface RoomViewOptions {
  roomId: string;
  title: string;
  apiUrl: string;
  print: (tone: Tone, text: string) => void;
  /** Runs the history's requests with the prompt waiting (and prints their failure). */
  load: (what: string, run: () => Promise<void>) => Promise<unknown>;
}

/** Resolves on the room's `joined` (so that history and live meet), on abort, or after `joinWaitMs`. */
function joinedOrLater(client: ChatClient, roomId: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      off();
      clearTimeout(timer);
      resolve();
    };
    const off = client.on('joined', (event) => event.roomId === roomId && done());
    const timer = setTimeout(done, joinWaitMs);
    signal.addEventListener('abort', done, { once: true });
  });
}

export function openRoomView(client: ChatClient, { roomId, title, apiUrl, print, load }: RoomViewOptions): RoomView {
  const stop = new AbortController();
  let messages: Message[] = [];
  // Live first, held back until the history is shown, so that numbers never shift.
  const early: Message[] = [];
  let showLive = false;

  const show = (message: Message) => {
    if (stop.signal.aborted) return;
    const applied = applyMessage(messages, message);
    messages = applied.messages;
    if (applied.change === 'new') print(message.userId === client.user?.id ? 'mine' : 'message', messageLine(applied.number, message));
    else if (applied.change) print('change', changeLine(applied.number, message, applied.change));
    // Shown is read: the room's unread count (here and in the web app) stays true.
    if (applied.change === 'new' && showLive) void client.rooms.markRead(roomId, message.seq).catch(() => {});
  };

  const joined = joinedOrLater(client, roomId, stop.signal);
  void (async () => {
    try {
      for await (const message of client.live(roomId, { signal: stop.signal })) {
        if (showLive) show(message);
        else early.push(message);
      }
    } catch (err) {
      if (!stop.signal.aborted) print('error', describeError(`Live messages of ${title} stopped`, err, apiUrl));
    }
  })();

  const ready = (async () => {
    const history: Message[] = [];
    await load('Loading the history failed', async () => {
      await joined;
      for await (const message of client.history(roomId, { pageSize: historyShown })) {
        history.push(message);
        if (history.length >= historyShown) break;
      }
    });
    for (const message of history.reverse()) show(message);
    showLive = true;
    for (const message of early.splice(0)) show(message);
    const last = messages.at(-1);
    if (last && !stop.signal.aborted) void client.rooms.markRead(roomId, last.seq).catch(() => {});
  })();

  return {
    id: roomId,
    title,
    get messages() {
      return messages;
    },
    ready,
    close: () => stop.abort(),
  };
}
