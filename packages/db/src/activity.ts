import { unmarshall } from '@aws-sdk/util-dynamodb';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { BatchWriteCommand, execute as executeBatchWrite } from 'dynamodb-toolbox/table/actions/batchWrite';
import type { Db } from './db.ts';
import type { StreamImage } from './stream-images.ts';

export type ActivityKind = 'joined' | 'left' | 'typing';

/** A join, leave or typing event of a room, as stored (and as its stream image reads). */
export interface RoomActivity {
  roomId: string;
  /** A ULID: orders a room's events. */
  id: string;
  kind: ActivityKind;
  userId: string;
  username: string;
  connectionId: string;
  /** Epoch seconds: the messages table's TTL attribute. */
  expiresAt: number;
}

/** Long enough to reach the stream; the table's TTL then deletes it, so nothing piles up. */
export const ACTIVITY_TTL_SECONDS = 60;

export function newActivity(
  input: Omit<RoomActivity, 'expiresAt'>,
  nowMs: number,
): RoomActivity {
  return { ...input, expiresAt: Math.floor(nowMs / 1000) + ACTIVITY_TTL_SECONDS };
}

export async function putActivity(db: Db, activity: RoomActivity): Promise<void> {
  await db.entities.Activity.build(PutItemCommand).item(activity).send();
}

/** BatchWriteItem takes at most 25 requests. */
const BATCH_WRITE_MAX = 25;

/** Several events at once (a disconnect leaves every room of the connection): BatchWriteItem. */
export async function putActivities(db: Db, activities: readonly RoomActivity[]): Promise<void> {
  for (let i = 0; i < activities.length; i += BATCH_WRITE_MAX) {
    const requests = activities.slice(i, i + BATCH_WRITE_MAX).map((a) => db.entities.Activity.build(BatchPutRequest).item(a));
    // The toolbox retries unprocessed items up to maxAttempts.
    await executeBatchWrite({ maxAttempts: 5 }, db.tables.messages.build(BatchWriteCommand).requests(...requests));
  }
}

/** Reads Activity items from stream images of the messages table (see createStreamImageReader). */
export function createActivityImageReader(db: Db) {
  const { Activity } = db.entities;
  const formatter = Activity.build(EntityFormatter);
  const entityAttribute = Activity.table.entityAttributeSavedAs;
  return {
    isActivity(image: StreamImage): boolean {
      return image[entityAttribute]?.S === Activity.entityName;
    },
    /** Throws a DynamoDBToolboxError when the image does not fit the Activity schema. */
    activity(image: StreamImage): RoomActivity {
      return formatter.format(unmarshall(image)) as RoomActivity;
    },
  };
}

export type ActivityImageReader = ReturnType<typeof createActivityImageReader>;
