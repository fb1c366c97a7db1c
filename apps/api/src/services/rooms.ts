import { GENERAL_ROOM_ID, type RoomsService } from '@chat/contract';
import {
  addMember,
  browsePublicRooms,
  createRoom,
  type Db,
  getMembership,
  getRoom,
  listRoomSummaries,
  markRead,
  openDm,
  publicUsers,
  removeMember,
  roomAccess,
  roomMembers,
  updateRoom,
} from '@chat/db';
import { TRPCError } from '@trpc/server';
import { granted, refusalsAsTrpc } from './refusals.ts';

const noSuchRoom = (roomId: string) => new TRPCError({ code: 'NOT_FOUND', message: `No room "${roomId}"` });
const noSuchUser = () => new TRPCError({ code: 'NOT_FOUND', message: 'No such user' });

export function createRoomsService(deps: { db: Db; now: () => number }): RoomsService {
  const { db, now } = deps;
  const asUser = (principal: { id: string; username: string }) => ({ id: principal.id, username: principal.username });

  return {
    list: (principal) => listRoomSummaries(db, principal, now()),

    browse: (input) => refusalsAsTrpc(() => browsePublicRooms(db, input.cursor)),

    create: (input, principal) =>
      refusalsAsTrpc(() =>
        createRoom(db, { name: input.name, kind: input.kind ?? 'public', topic: input.topic ?? '', createdBy: asUser(principal), now: now() }),
      ),

    // A private room or DM answers a non-member exactly as a room that does not exist.
    async join({ roomId }, principal) {
      const room = await getRoom(db, roomId);
      if (!room) throw noSuchRoom(roomId);
      if (room.kind !== 'public') {
        if (await getMembership(db, principal.id, roomId)) return room;
        throw noSuchRoom(roomId);
      }
      await addMember(db, roomId, asUser(principal), now());
      return room;
    },

    // Leaving a room one is not in answers as a leave that worked: it says nothing about the room.
    async leave({ roomId }, principal) {
      if (roomId === GENERAL_ROOM_ID) throw new TRPCError({ code: 'BAD_REQUEST', message: 'Everyone stays in general' });
      if (!(await getMembership(db, principal.id, roomId))) return { roomId };
      const room = await getRoom(db, roomId);
      if (room?.kind === 'dm') throw new TRPCError({ code: 'BAD_REQUEST', message: 'A direct message cannot be left' });
      await removeMember(db, roomId, principal.id);
      return { roomId };
    },

    async invite({ roomId, userId }, principal) {
      const { room } = granted(await roomAccess(db, principal.id, roomId));
      if (room.kind === 'dm') throw new TRPCError({ code: 'BAD_REQUEST', message: 'A direct message has fixed members: open a new one' });
      const [invitee] = await publicUsers(db, [userId]);
      if (!invitee) throw noSuchUser();
      await addMember(db, roomId, invitee, now());
      return { roomId, userId };
    },

    async openDm({ userIds }, principal) {
      const others = [...new Set(userIds)].filter((id) => id !== principal.id);
      const found = await publicUsers(db, others);
      if (found.length !== others.length) throw noSuchUser();
      return refusalsAsTrpc(() => openDm(db, asUser(principal), found, now()));
    },

    update: ({ roomId, name, topic, archived }, principal) =>
      refusalsAsTrpc(() => updateRoom(db, principal.id, roomId, { name, topic, archived })),

    async members({ roomId }, principal) {
      granted(await roomAccess(db, principal.id, roomId));
      return roomMembers(db, roomId);
    },

    markRead: (input, principal) => refusalsAsTrpc(() => markRead(db, principal.id, input.roomId, input.seq, now())),
  };
}
