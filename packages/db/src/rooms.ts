import { GENERAL_ROOM_ID, type Room } from '@chat/contract';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Db } from './db.ts';
import { keys } from './entities.ts';

const SLUG_MAX = 40;

/** A short URL-safe id made from a room name: "Café Talk!" -> "cafe-talk". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX)
    .replace(/^-+|-+$/g, '');
  return slug || 'room';
}

/** A stored room as clients see it; rooms stored before v2 part 2 read as public, no topic, not archived. */
export function toRoom(item: {
  id: string;
  name: string;
  createdAt: number;
  createdBy: string;
  kind?: Room['kind'];
  topic?: string;
  archived?: boolean;
}): Room {
  return {
    id: item.id,
    name: item.name,
    kind: item.kind ?? 'public',
    topic: item.topic ?? '',
    createdAt: item.createdAt,
    createdBy: item.createdBy,
    archived: item.archived ?? false,
  };
}

export async function listRooms(db: Db): Promise<Room[]> {
  const rooms: Room[] = [];
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.tables.messages
      .build(QueryCommand)
      .entities(db.entities.Room)
      .query({ partition: keys.roomList })
      .options({ exclusiveStartKey })
      .send();
    for (const item of page.Items ?? []) rooms.push(toRoom(item));
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return rooms;
}

/** Read strongly consistent: a room is used at once after it is created or changed. */
export async function getRoom(db: Db, id: string): Promise<Room | undefined> {
  const { Item } = await db.entities.Room.build(GetItemCommand).key({ id }).options({ consistent: true }).send();
  return Item && toRoom(Item);
}

/** True for `general` (which always exists) and for every room created since. */
export async function roomExists(db: Db, id: string): Promise<boolean> {
  if (id === GENERAL_ROOM_ID) return true;
  const { Item } = await db.entities.Room.build(GetItemCommand).key({ id }).options({ attributes: ['id'] }).send();
  return Item !== undefined;
}

/** True when a put failed only because an item with that key already exists. */
function isConditionFailed(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}

/** Stores a room under the first free slug of its name: `name`, `name-2`, `name-3`, ... */
export async function createRoom(db: Db, input: { name: string; createdBy: string; now: number }): Promise<Room> {
  const base = slugify(input.name);
  for (let n = 1; n <= 50; n++) {
    const id = n === 1 ? base : n < 50 ? `${base}-${n}` : `${base}-${crypto.randomUUID().slice(0, 8)}`;
    try {
      await putRoomIfAbsent(db, { id, name: input.name, createdAt: input.now, createdBy: input.createdBy });
      return toRoom({ id, name: input.name, createdAt: input.now, createdBy: input.createdBy });
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
  }
  throw new Error(`no free id for room "${base}"`);
}

function putRoomIfAbsent(db: Db, room: { id: string; name: string; createdAt: number; createdBy: string }) {
  return db.entities.Room.build(PutItemCommand)
    .item(room)
    .options({ condition: { attr: 'id', exists: false } })
    .send();
}

/** `general` always exists: created with the tables, and again here if it was ever lost. */
export async function ensureGeneralRoom(db: Db, now: number): Promise<void> {
  try {
    await putRoomIfAbsent(db, { id: GENERAL_ROOM_ID, name: 'general', createdAt: now, createdBy: 'system' });
  } catch (err) {
    if (!isConditionFailed(err)) throw err;
  }
}
