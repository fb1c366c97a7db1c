/**
 * A container's changes to one room, one after another (commitChange takes its turn here). Each
 * change takes the room's next seq in a conditional transaction, so changes to one room that run
 * at once collide: all but one read again and retry, some n²/2 transactions for n at once (a
 * user's burst of 20 sends from 10 sockets made 400 of them in 10 s on DynamoDB Local, and
 * cancelled transactions are billed on DynamoDB too). Taken in turn, each commits at its first
 * try; other rooms are not held up, and changes from other containers still meet the counter's
 * condition as before.
 */
export function createRoomWrites() {
  // The last write queued per room, settled either way; gone once the room's queue is empty.
  const tails = new Map<string, Promise<void>>();
  return {
    run<T>(roomId: string, write: () => Promise<T>): Promise<T> {
      const result = (tails.get(roomId) ?? Promise.resolve()).then(write);
      const tail = result.then(
        () => {},
        () => {},
      );
      tails.set(roomId, tail);
      void tail.then(() => {
        if (tails.get(roomId) === tail) tails.delete(roomId);
      });
      return result;
    },
    /** Rooms with a write queued or running. */
    get busyRooms(): number {
      return tails.size;
    },
  };
}

export type RoomWrites = ReturnType<typeof createRoomWrites>;
