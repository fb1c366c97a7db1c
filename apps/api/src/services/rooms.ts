import type { RoomsService } from '@chat/contract';
import { createRoom, type Db, listRoomSummaries, markRead, RoomChangeError } from '@chat/db';
import { TRPCError } from '@trpc/server';

// The v2 base: the procedures land with the membership work.
const notYet = (name: string) => () => Promise.reject(new TRPCError({ code: 'NOT_IMPLEMENTED', message: `rooms.${name}: not yet` }));

export function createRoomsService(deps: { db: Db; now: () => number }): RoomsService {
  const { db, now } = deps;
  return {
    list: (principal) => listRoomSummaries(db, principal, now()),
    browse: notYet('browse'),
    create: (input, principal) => createRoom(db, { name: input.name, createdBy: principal.id, now: now() }),
    join: notYet('join'),
    leave: notYet('leave'),
    invite: notYet('invite'),
    openDm: notYet('openDm'),
    update: notYet('update'),
    members: notYet('members'),
    markRead: (input, principal) => markRead(db, principal.id, input.roomId, input.seq, now()).catch(asTrpcError),
  };
}

/** The store's refusals (not a member, bad input) carry their tRPC code. */
function asTrpcError(err: unknown): never {
  if (err instanceof RoomChangeError) throw new TRPCError({ code: err.code, message: err.message });
  throw err;
}
