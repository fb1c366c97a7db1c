// Membership and room records of the messages stream: which ones the filter lets through (the
// poller's copy and Terraform's), and how a batch of them is delivered and reported.
import { readFileSync } from 'node:fs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { addMember, connectionsOfUsers, createRoom, isSubscribed, keys, messageStreamMapping } from '@chat/db';
import { matchesFilter } from '@chat/local-runtime';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { afterAll, describe, expect, test } from 'vitest';
import { startRealtime } from './harness.ts';

const stack = await startRealtime();
afterAll(() => stack.stop());

let sequence = 1000;
/** A record as DynamoDB writes it for a NEW_IMAGE stream: a REMOVE carries its keys only. */
function record(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', item: Record<string, unknown>, extra: Partial<DynamoDBRecord> = {}): DynamoDBRecord {
  return {
    eventID: `e${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/messages/stream/x',
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
      ...(eventName !== 'REMOVE' && { NewImage: marshall(item) as never }),
      SequenceNumber: String(++sequence),
      SizeBytes: 100,
      StreamViewType: 'NEW_IMAGE',
    },
    ...extra,
  };
}

const membershipItem = (userId: string, roomId: string, readSeq = 0) =>
  stack.db.entities.Membership.build(PutItemCommand).item({ userId, roomId, readSeq, joinedAt: 1 }).params().Item as Record<string, unknown>;
const roomItem = (id: string) =>
  stack.db.entities.Room.build(PutItemCommand).item({ id, name: id, createdAt: 1, createdBy: 't' }).params().Item as Record<string, unknown>;

describe('the stream filter', () => {
  const generated = JSON.parse(readFileSync(new URL('../../../terraform/stream.tf.json', import.meta.url), 'utf8')) as {
    resource: { aws_lambda_event_source_mapping: { messages_stream: { filter_criteria: { filter: { pattern: string }[] }[] } } };
  };
  const terraformPatterns = generated.resource.aws_lambda_event_source_mapping.messages_stream.filter_criteria
    .flatMap((c) => c.filter)
    .map((f) => JSON.parse(f.pattern) as object);
  const ttlRemoval = { userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } };
  const cases: [string, DynamoDBRecord, boolean][] = [
    ['a Membership INSERT', record('INSERT', membershipItem('u', 'r')), true],
    ['a Membership MODIFY', record('MODIFY', membershipItem('u', 'r', 3)), true],
    ['a Membership REMOVE (keys only)', record('REMOVE', membershipItem('u', 'r')), true],
    ['a Room MODIFY', record('MODIFY', roomItem('r')), true],
    ['a Room INSERT (its members are told by their Membership INSERTs)', record('INSERT', roomItem('r')), false],
    ['an Activity removed by its TTL', record('REMOVE', { pk: keys.activity('r'), sk: '01J' }, ttlRemoval), false],
    ["a RoomMember REMOVE (the room's side of a membership)", record('REMOVE', { pk: keys.members('r'), sk: 'u' }), false],
  ];
  test.each(cases)('%s: passes = %s, in the local poller and in the Terraform mapping', (_name, r, passes) => {
    for (const patterns of [messageStreamMapping.filterPatterns, terraformPatterns]) {
      expect(patterns.some((p) => matchesFilter(p, r))).toBe(passes);
    }
  });
});

test('a batch of membership records: room, roomLeft (the focus ends), readUpdated; only the record whose post failed is reported, and its retry delivers', async () => {
  const roomId = (await createRoom(stack.db, { name: `events ${Date.now()}`, createdBy: 't', now: Date.now() })).id;
  const [ann, bob, cat] = await Promise.all([stack.user('ann'), stack.user('bob'), stack.user('cat')]);
  for (const u of [ann, bob, cat]) await addMember(stack.db, roomId, u, Date.now());
  const [annS, bobS, catS] = [await stack.connect(ann.token), await stack.connect(bob.token, roomId), await stack.connect(cat.token)];
  await stack.settled();
  for (const s of [annS, bobS, catS]) s.forget();
  // Every post to ann fails (the client tries each twice).
  const [annC] = await connectionsOfUsers(stack.db, [ann.id]);
  stack.emulator.failNextPosts(annC!.connectionId, 2, 500);

  const event = {
    Records: [
      record('INSERT', membershipItem(ann.id, roomId)), // its post fails
      record('REMOVE', membershipItem(bob.id, roomId)), // roomLeft, and bob's focus ends
      record('REMOVE', { pk: keys.activity(roomId), sk: '01J' }), // not a membership: nothing
      record('MODIFY', membershipItem(cat.id, roomId, 5)), // readUpdated
    ],
  };
  const response = await stack.handler(event, {} as Context);
  expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0]!.dynamodb!.SequenceNumber }] });
  expect(await bobS.waitForType('roomLeft')).toEqual({ type: 'roomLeft', roomId });
  const [bobC] = await connectionsOfUsers(stack.db, [bob.id]);
  expect(await isSubscribed(stack.db, bobC!.connectionId, roomId)).toBe(false);
  expect(await catS.waitForType('readUpdated')).toEqual({ type: 'readUpdated', roomId, readSeq: 5 });
  await stack.settled();
  await annS.flush();
  expect(annS.frames).toEqual([]);

  const retry = await stack.handler({ Records: event.Records.slice(0, 1) }, {} as Context);
  expect(retry).toEqual({ batchItemFailures: [] });
  expect((await annS.waitForType('room')).summary).toMatchObject({ room: { id: roomId } });
});
