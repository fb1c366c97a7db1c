// What a screen reader hears when a message arrives or changes: new messages and replies are
// read out, an edit says so with the new text, a delete only that it happened; reactions and
// reply counts changing are left silent (they would drown the conversation).
import type { Message } from '@chat/contract';

const MAX_TEXT = 240;

const excerpt = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);

export interface AnnouncementContext {
  /** The change is in the open room (elsewhere only new messages are announced, briefly). */
  inOpenRoom: boolean;
  roomName: string;
}

/** The sentence for one arrived state of a message, or null to say nothing. */
export function announcementText(message: Message, previous: Message | undefined, context: AnnouncementContext): string | null {
  const { username } = message;
  if (!context.inOpenRoom) return previous ? null : `New message in #${context.roomName} from ${username}`;
  if (!previous) {
    if (message.deletedAt !== null) return null; // deleted before it ever showed
    return message.replyTo ? `${username} replied in a thread: ${excerpt(message.text)}` : `${username}: ${excerpt(message.text)}`;
  }
  if (message.deletedAt !== null) return previous.deletedAt === null ? `${username} deleted a message` : null;
  if (message.editedAt !== null && message.editedAt !== previous.editedAt) return `${username} edited a message: ${excerpt(message.text)}`;
  return null;
}
