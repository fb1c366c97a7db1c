// 10. rooms.list for a user in many rooms: the store's listRoomSummaries (one Query of the
// memberships, BatchGetItem of the rooms and their counters, unread Queries only where
// lastSeq > readSeq, 8 calls in flight) against a naive one run in the same process on the
// same tables: the base's first cut completed (per room a GetItem of the room, one of its
// counter and an unread Query, every room at once). Measured: the call's duration (median,
// p95) and the DynamoDB requests one call makes, counted by the SDK client's middleware.
import type { Principal, RoomSummary } from '@chat/contract';
import { addMember, countUnread, createDb, createUser, type Db, getRoom, lastSeq, listRoomSummaries, membershipsOf, provision, putMessage, tableNamesFor } from '@chat/db';
import { localCredentials, localRegion } from '@chat/local-runtime';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { BatchWriteCommand, execute } from 'dynamodb-toolbox/table/actions/batchWrite';
import { monotonicFactory } from 'ulid';
import { percentile } from './clients.ts';

export interface ListTiming {
  p50: number;
  p95: number;
  /** DynamoDB requests one call made, by operation. */
  requests: Record<string, number>;
  requestsTotal: number;
}

export interface RoomsListResult {
  rooms: number;
  withUnread: number;
  calls: number;
  ours: ListTiming;
  baseline: ListTiming;
}

/** The naive rooms.list: three requests per room, all rooms at once (as the base's first cut, with unread). */
export async function naiveRoomSummaries(db: Db, principal: Principal): Promise<RoomSummary[]> {
  const memberships = await membershipsOf(db, principal.id);
  const summaries = await Promise.all(
    memberships.map(async (m) => {
      const [room, seq, counts] = await Promise.all([getRoom(db, m.roomId), lastSeq(db, m.roomId), countUnread(db, principal.id, m.roomId, m.readSeq)]);
      return room && { room, lastSeq: seq, readSeq: m.readSeq, ...counts };
    }),
  );
  return summaries.filter((s) => s !== undefined);
}

const UNREAD_PER_ROOM = 5;
const READ_SEQ = 10;

export async function roomsList(endpoint: string, rooms: number, withUnread: number, calls: number): Promise<RoomsListResult> {
  const names = tableNamesFor(`b${crypto.randomUUID().slice(0, 6)}-`);
  const db = createDb({ names, clientConfig: { endpoint, region: localRegion, credentials: localCredentials } });
  const counted = new Map<string, number>();
  // Each attempt of each request (the deserialize step runs once per HTTP response).
  db.client.middlewareStack.add(
    (next, context) => (args) => {
      counted.set(context.commandName ?? '?', (counted.get(context.commandName ?? '?') ?? 0) + 1);
      return next(args);
    },
    { step: 'deserialize', name: 'benchRequestCounter' },
  );
  try {
    await provision(db);
    const me: Principal = { id: 'bench-me', username: 'benchme' };
    const other: Principal = { id: 'bench-other', username: 'benchother' };
    for (const u of [me, other]) await createUser(db, { ...u, email: `${u.id}@example.com`, passwordHash: 'h', createdAt: 1 });
    await seedRooms(db, me, other, rooms, withUnread);
    await addMember(db, 'general', me, 1);

    // The two must agree before either is timed.
    const [ours, naive] = [await listRoomSummaries(db, me, Date.now()), await naiveRoomSummaries(db, me)];
    const strip = (list: RoomSummary[]) => list.map(({ members: _members, ...s }) => s).sort((a, b) => (a.room.id < b.room.id ? -1 : 1));
    if (JSON.stringify(strip(ours)) !== JSON.stringify(strip(naive))) throw new Error('rooms.list: ours and the naive list disagree');
    if (ours.length !== rooms + 1 || ours.filter((s) => s.unread > 0).length !== withUnread) {
      throw new Error(`rooms.list: ${ours.length} rooms, ${ours.filter((s) => s.unread > 0).length} with unread; expected ${rooms + 1}, ${withUnread}`);
    }

    const designs = {
      ours: () => listRoomSummaries(db, me, Date.now()),
      baseline: () => naiveRoomSummaries(db, me),
    };
    const durations = { ours: [] as number[], baseline: [] as number[] };
    const requests = { ours: {} as Record<string, number>, baseline: {} as Record<string, number> };
    // DynamoDB Local is a JVM: a few throwaway rounds first.
    for (let i = 0; i < 3; i++) for (const run of Object.values(designs)) await run();
    for (let i = 0; i < calls; i++) {
      // Alternating, so that both see the same noise.
      for (const design of ['ours', 'baseline'] as const) {
        counted.clear();
        const started = performance.now();
        await designs[design]();
        durations[design].push(performance.now() - started);
        requests[design] = Object.fromEntries(counted);
      }
    }
    const timing = (design: 'ours' | 'baseline'): ListTiming => {
      const sorted = durations[design].sort((a, b) => a - b);
      const byOp = requests[design];
      return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), requests: byOp, requestsTotal: Object.values(byOp).reduce((a, b) => a + b, 0) };
    };
    return { rooms, withUnread, calls, ours: timing('ours'), baseline: timing('baseline') };
  } finally {
    db.client.destroy();
  }
}

/**
 * `rooms` rooms of `me` (every 25th a DM with `other`), read up to seq 10; in `withUnread` of
 * them `other` then sends 5 messages, one mentioning `me`. Written in bulk (BatchWriteItem, 25
 * a call), the new messages through putMessage.
 */
async function seedRooms(db: Db, me: Principal, other: Principal, rooms: number, withUnread: number): Promise<void> {
  const ids = Array.from({ length: rooms }, (_, i) => `list-${String(i).padStart(4, '0')}`);
  const items = ids.flatMap((id, i) => {
    const dm = i % 25 === 24;
    return [
      db.entities.Room.build(BatchPutRequest).item({
        id,
        name: dm ? '' : `Room ${i}`,
        createdAt: 1,
        createdBy: me.id,
        kind: dm ? 'dm' : i % 3 === 0 ? 'private' : 'public',
        ...(dm && { members: [me, other] }),
      }),
      db.entities.RoomSeq.build(BatchPutRequest).item({ roomId: id, lastSeq: READ_SEQ }),
      db.entities.Membership.build(BatchPutRequest).item({ userId: me.id, roomId: id, readSeq: READ_SEQ, joinedAt: 1 }),
      db.entities.RoomMember.build(BatchPutRequest).item({ roomId: id, userId: me.id, username: me.username, joinedAt: 1 }),
    ];
  });
  for (let i = 0; i < items.length; i += 25) {
    await execute({ maxAttempts: 10 }, db.tables.messages.build(BatchWriteCommand).requests(...items.slice(i, i + 25)));
  }
  const newId = monotonicFactory();
  // Spread over the list, not its first rooms.
  const step = Math.floor(rooms / withUnread);
  for (let r = 0; r < withUnread; r++) {
    const roomId = ids[r * step]!;
    for (let k = 0; k < UNREAD_PER_ROOM; k++) {
      const text = k === 0 ? `@${me.username} have a look` : `news ${k}`;
      await putMessage(db, { id: newId(), roomId, userId: other.id, username: other.username, text, createdAt: Date.now(), clientMsgId: `${roomId}-${k}` });
    }
  }
}
