import type { _Record, AttributeValue as SdkAttributeValue } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord, StreamRecord } from 'aws-lambda';

/**
 * Turns a record from GetRecords into the record Lambda hands a function: the same field
 * names and order, epoch seconds instead of the SDK's Date, binary as base64 strings (JSON
 * has no bytes), and the ARN and region of the event source mapping.
 */
export function toLambdaRecord(record: _Record, eventSourceARN: string, awsRegion: string): DynamoDBRecord {
  const source = record.dynamodb ?? {};
  const dynamodb: StreamRecord = {};
  if (source.ApproximateCreationDateTime !== undefined) {
    dynamodb.ApproximateCreationDateTime = epochSeconds(source.ApproximateCreationDateTime);
  }
  if (source.Keys) dynamodb.Keys = toImage(source.Keys);
  if (source.NewImage) dynamodb.NewImage = toImage(source.NewImage);
  if (source.OldImage) dynamodb.OldImage = toImage(source.OldImage);
  if (source.SequenceNumber !== undefined) dynamodb.SequenceNumber = source.SequenceNumber;
  if (source.SizeBytes !== undefined) dynamodb.SizeBytes = source.SizeBytes;
  if (source.StreamViewType !== undefined) dynamodb.StreamViewType = source.StreamViewType;

  const out: DynamoDBRecord = {
    eventID: record.eventID,
    eventName: record.eventName,
    // Lambda delivers 1.1 for DynamoDB Streams today (the fixture is an older 1.0 capture).
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion,
    dynamodb,
    eventSourceARN,
  };
  // TTL deletions carry the service as the identity; Lambda passes it on.
  if (record.userIdentity) {
    out.userIdentity = { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId };
  }
  return out;
}

/** The sequence number Lambda uses as `itemIdentifier`; every stream record has one. */
export function sequenceNumberOf(record: DynamoDBRecord): string {
  return record.dynamodb?.SequenceNumber ?? '';
}

/** Sequence numbers are decimal strings of varying length: compare them as numbers. */
export function compareSequenceNumbers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function epochSeconds(value: Date | number | string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value * 1000 : Date.parse(value);
  return Math.floor(ms / 1000);
}

function toImage(image: Record<string, SdkAttributeValue>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toAttributeValue(value)]));
}

function toAttributeValue(value: SdkAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.M !== undefined) return { M: toImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toAttributeValue) };
  // S, N, SS, NS, NULL, BOOL are already plain JSON.
  return { ...value } as AttributeValue;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
