import type { Message } from '@chat/contract';
import { createActivityImageReader, createStreamImageReader, type RoomActivity, type StreamImage } from '@chat/db';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { fanOutActivity } from './activity-fan-out.ts';
import { withoutSupersededTyping } from './activity-frames.ts';
import type { ConnectionCache } from './connections.ts';
import type { WsDeps } from './deps.ts';
import { fanOutMessages } from './fan-out.ts';
import { memberReadsOnce } from './member-connections.ts';
import { fanOutRoomEvents, type RoomEvent } from './membership-fan-out.ts';
import { roomConnectionsOnce } from './room-connections.ts';

/**
 * The messages stream branch. The fan-out needs the whole batch at once (one Query per room,
 * one coalesced frame per connection), which a per-record handler such as Powertools'
 * BatchProcessor cannot express; so failures are reported plainly: the sequence number of
 * every record whose delivery failed. Lambda retries from the lowest of them, and clients drop
 * the messages they already have.
 *
 * Records are sorted by the entity their new image holds; each entity's records are then
 * delivered together. REMOVE records carry only their keys: a membership's (`MEMBERSHIPS#`)
 * becomes `roomLeft`; any other (an expired item) delivers nothing.
 */
export function createStreamHandler(deps: WsDeps, cache: ConnectionCache) {
  const images = createStreamImageReader(deps.db);
  const activityImages = createActivityImageReader(deps.db);

  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const unreadable: DynamoDBRecord[] = [];
    const messages: { record: DynamoDBRecord; message: Message }[] = [];
    const activities: { record: DynamoDBRecord; activity: RoomActivity }[] = [];
    const roomEvents: { record: DynamoDBRecord; event: RoomEvent }[] = [];
    for (const record of event.Records) {
      // Lambda's JSON image differs from the SDK's AttributeValue only in binary values
      // (base64 text, not bytes); the messages table stores none.
      if (record.eventName === 'REMOVE') {
        const removed = record.dynamodb?.Keys && images.removedMembership(record.dynamodb.Keys as StreamImage);
        if (removed) roomEvents.push({ record, event: { kind: 'removed', ...removed } });
        continue;
      }
      const image = record.dynamodb?.NewImage as StreamImage | undefined;
      if ((record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') || !image) continue;
      try {
        switch (images.entityOf(image)) {
          // A new message, or a changed one (edit, delete, reaction, a new reply): the same frame.
          case 'Message': {
            const message = images.message(image);
            if (message) messages.push({ record, message });
            break;
          }
          // A join, leave or typing: the batch's events of a room become one presence and one typing frame per connection.
          case 'Activity':
            activities.push({ record, activity: activityImages.activity(image) });
            break;
          // Joined (INSERT) or read further (MODIFY: readSeq is the one attribute that changes).
          case 'Membership': {
            const { userId, roomId, readSeq } = images.membership(image);
            roomEvents.push({
              record,
              event: record.eventName === 'INSERT' ? { kind: 'joined', userId, roomId } : { kind: 'read', userId, roomId, readSeq },
            });
            break;
          }
          // Renamed, a new topic, archived: its members' summaries changed. (A new room reaches
          // its members by their Membership INSERTs.)
          case 'Room':
            if (record.eventName === 'MODIFY') roomEvents.push({ record, event: { kind: 'changed', room: images.room(image) } });
            break;
        }
      } catch (error) {
        // An item that does not fit its schema: retried, then kept in the failure queue.
        deps.logger.error('unreadable stream image', { sequenceNumber: record.dynamodb?.SequenceNumber, error });
        unreadable.push(record);
      }
    }
    const connectionsOf = roomConnectionsOnce(deps);
    const members = memberReadsOnce(deps);
    // Concurrently, as rooms are: presence and typing add at most two frames per connection.
    const [failed, failedActivity, failedRoomEvents] = await Promise.all([
      fanOutMessages(deps, cache, messages.map((m) => m.message), members),
      fanOutActivity(
        deps,
        cache,
        withoutSupersededTyping(
          activities.map((a) => a.activity),
          messages.map((m) => m.message),
        ),
        connectionsOf,
      ),
      fanOutRoomEvents(
        deps,
        cache,
        roomEvents.map((e) => e.event),
        members,
      ),
    ]);
    const failedRecords = new Set([
      ...unreadable,
      ...messages.filter((m) => failed.has(m.message.id)).map((m) => m.record),
      ...activities.filter((a) => failedActivity.has(a.activity.id)).map((a) => a.record),
      ...roomEvents.filter((_, index) => failedRoomEvents.has(index)).map((e) => e.record),
    ]);
    return {
      // Every stream record has a sequence number; an empty id would make Lambda retry the whole batch.
      batchItemFailures: event.Records.filter((r) => failedRecords.has(r)).map((r) => ({
        itemIdentifier: r.dynamodb?.SequenceNumber ?? '',
      })),
    };
  };
}
