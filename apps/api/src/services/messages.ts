import type { MessagesService } from '@chat/contract';
import { type Db, listMessages, roomExists } from '@chat/db';
import { TRPCError } from '@trpc/server';

export function createMessagesService(deps: { db: Db }): MessagesService {
  const { db } = deps;
  return {
    async list(input) {
      if (!(await roomExists(db, input.roomId))) {
        throw new TRPCError({ code: 'NOT_FOUND', message: `No room "${input.roomId}"` });
      }
      return listMessages(db, input);
    },
    // v2 base: being built (issue 11).
    edit: () => Promise.reject(new TRPCError({ code: 'NOT_IMPLEMENTED' })),
    delete: () => Promise.reject(new TRPCError({ code: 'NOT_IMPLEMENTED' })),
    react: () => Promise.reject(new TRPCError({ code: 'NOT_IMPLEMENTED' })),
  };
}
