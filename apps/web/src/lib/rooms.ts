import { GENERAL_ROOM_ID, type Room } from '@chat/contract';

/** `general` first, then by name. */
export function sortRooms(rooms: readonly Room[]): Room[] {
  return [...rooms].sort((a, b) =>
    a.id === GENERAL_ROOM_ID ? -1 : b.id === GENERAL_ROOM_ID ? 1 : a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }),
  );
}
