import type { MessagesService } from '@chat/contract';
import { type Db, deleteMessage, editMessage, listMessages, reactToMessage, roomAccess } from '@chat/db';
import { granted, refusalsAsTrpc } from './refusals.ts';

export function createMessagesService(deps: { db: Db; now: () => number }): MessagesService {
  const { db, now } = deps;

  /**
   * A room's content is for its members (roomAccess: FORBIDDEN for a public room, NOT_FOUND for
   * a private room or DM); changes need write access (not archived). The store's refusals
   * (another user's message, a deleted one, too many reactions) carry their tRPC code.
   */
  async function inRoom<T>(userId: string, roomId: string, write: boolean, run: () => Promise<T>): Promise<T> {
    granted(await roomAccess(db, userId, roomId, { write }));
    return refusalsAsTrpc(run);
  }

  return {
    list: (input, principal) => inRoom(principal.id, input.roomId, false, () => listMessages(db, input)),
    edit: (input, principal) => inRoom(principal.id, input.roomId, true, () => editMessage(db, input, principal, now())),
    delete: (input, principal) => inRoom(principal.id, input.roomId, true, () => deleteMessage(db, input, principal, now())),
    react: (input, principal) => inRoom(principal.id, input.roomId, true, () => reactToMessage(db, input, principal)),
  };
}
