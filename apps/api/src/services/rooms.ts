import { GENERAL_ROOM_ID, type RoomsService } from '@chat/contract';
import { createRoom, type Db, ensureGeneralRoom, listRooms } from '@chat/db';

export function createRoomsService(deps: { db: Db; now: () => number }): RoomsService {
  const { db, now } = deps;
  return {
    async list() {
      const rooms = await listRooms(db);
      if (rooms.some((r) => r.id === GENERAL_ROOM_ID)) return rooms;
      await ensureGeneralRoom(db, now());
      return listRooms(db);
    },
    create: (input, principal) => createRoom(db, { name: input.name, createdBy: principal.id, now: now() }),
  };
}
