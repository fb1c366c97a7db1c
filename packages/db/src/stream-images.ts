import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Message } from '@chat/contract';
import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format';
import type { Db } from './db.ts';
import { toMessage } from './messages.ts';

/** A stream record's image as the DynamoDB API types it. */
export type StreamImage = Record<string, AttributeValue>;

/**
 * Reads stream images of the messages table. Every item carries its entity's name under the
 * table's entity attribute (`table.entityAttributeSavedAs`), as the toolbox's own Query tells
 * item types apart.
 */
export function createStreamImageReader(db: Db) {
  const { Message: MessageEntity } = db.entities;
  const formatter = MessageEntity.build(EntityFormatter);
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
  };
}

export type StreamImageReader = ReturnType<typeof createStreamImageReader>;
