import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Message, Room } from '@chat/contract';
import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format';
import type { Db } from './db.ts';
import { keys } from './entities.ts';
import type { StoredMembership } from './membership.ts';
import { toMessage } from './messages.ts';
import { toRoom } from './rooms.ts';

/** A stream record's image as the DynamoDB API types it. */
export type StreamImage = Record<string, AttributeValue>;

/**
 * Reads stream images of the messages table. Every item carries its entity's name under the
 * table's entity attribute (`table.entityAttributeSavedAs`), as the toolbox's own Query tells
 * item types apart.
 */
export function createStreamImageReader(db: Db) {
  const { Message: MessageEntity, Membership, Room: RoomEntity } = db.entities;
  const formatter = MessageEntity.build(EntityFormatter);
  const membershipFormatter = Membership.build(EntityFormatter);
  const roomFormatter = RoomEntity.build(EntityFormatter);
  const membershipsPrefix = keys.memberships('');
  const entityAttribute = MessageEntity.table.entityAttributeSavedAs;
  return {
    /** The name of the entity an image holds (`Message`, `Activity`, ...): what a stream handler dispatches on. */
    entityOf(image: StreamImage): string | undefined {
      const tag = image[entityAttribute];
      return tag && 'S' in tag ? tag.S : undefined;
    },
    /**
     * The Message an image holds; undefined when the image is another item type. Throws a
     * DynamoDBToolboxError when it is tagged Message but does not fit the Message schema.
     */
    message(image: StreamImage): Message | undefined {
      const item = unmarshall(image);
      if (item[entityAttribute] !== MessageEntity.entityName) return undefined;
      return toMessage(formatter.format(item));
    },
    /** The Membership an image holds (INSERT: joined, MODIFY: readSeq moved). Throws when it does not fit the schema. */
    membership(image: StreamImage): StoredMembership {
      return membershipFormatter.format(unmarshall(image));
    },
    /** The Room an image holds (MODIFY: renamed, new topic, archived). Throws when it does not fit the schema. */
    room(image: StreamImage): Room {
      return toRoom(roomFormatter.format(unmarshall(image)));
    },
    /**
     * The membership a REMOVE record ended, read from its keys (a REMOVE record carries no new
     * image): pk `MEMBERSHIPS#<userId>`, sk the room id. Undefined for any other item's keys.
     */
    removedMembership(recordKeys: StreamImage): { userId: string; roomId: string } | undefined {
      const pk = recordKeys.pk?.S;
      const roomId = recordKeys.sk?.S;
      if (!pk?.startsWith(membershipsPrefix) || !roomId) return undefined;
      return { userId: pk.slice(membershipsPrefix.length), roomId };
    },
  };
}

export type StreamImageReader = ReturnType<typeof createStreamImageReader>;
