import type { MessagesService } from '@chat/contract';
import { type Db, deleteMessage, editMessage, listMessages, MessageChangeError, reactToMessage, roomExists } from '@chat/db';
import { TRPCError } from '@trpc/server';

export function createMessagesService(deps: { db: Db; now: () => number }): MessagesService {
  const { db, now } = deps;

  /**
   * Part 1 has no membership: a room that exists is open to every user. The store's refusals
   * (another user's message, a deleted one, too many reactions) carry their tRPC code.
   */
  async function inRoom<T>(roomId: string, run: () => Promise<T>): Promise<T> {
    if (!(await roomExists(db, roomId))) throw new TRPCError({ code: 'NOT_FOUND', message: `No room "${roomId}"` });
    try {
      return await run();
    } catch (err) {
      if (err instanceof MessageChangeError) throw new TRPCError({ code: err.code, message: err.message });
      throw err;
    }
  }

  return {
    list: (input) => inRoom(input.roomId, () => listMessages(db, input)),
    edit: (input, principal) => inRoom(input.roomId, () => editMessage(db, input, principal, now())),
    delete: (input, principal) => inRoom(input.roomId, () => deleteMessage(db, input, principal, now())),
    react: (input, principal) => inRoom(input.roomId, () => reactToMessage(db, input, principal)),
  };
}
