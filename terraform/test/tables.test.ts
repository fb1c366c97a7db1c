// The tables Terraform declares are the ones the code uses: same keys, indexes, TTL and stream
// as tableDefinitions, and the same CreateTable request the local runtime sends.
import { GENERAL_ROOM_ID } from '@chat/contract';
import { createTableInput, ensureGeneralRoom, keys, tableDefinitions, tableKeys, tableNamesFor, type TableDefinition } from '@chat/db';
import { describe, expect, test } from 'vitest';
import { recordDynamoDbCalls } from '../src/record.ts';
import { block, blocks, type Block, loadTerraform, reference, resource, resourcesOfType } from './config.ts';

const tf = await loadTerraform();
const terraformNames = tableNamesFor('${local.prefix}');

/** A Terraform aws_dynamodb_table read back as the CreateTable request it stands for. */
function asCreateTableInput(table: Block) {
  const keySchema = (hash: unknown, range: unknown) => [
    { AttributeName: hash, KeyType: 'HASH' },
    ...(range === undefined ? [] : [{ AttributeName: range, KeyType: 'RANGE' }]),
  ];
  const indexes = blocks(table, 'global_secondary_index');
  // A local index shares the table's partition key.
  const locals = blocks(table, 'local_secondary_index');
  return {
    TableName: table.name,
    BillingMode: table.billing_mode,
    AttributeDefinitions: blocks(table, 'attribute').map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: keySchema(table.hash_key, table.range_key),
    ...(indexes.length > 0 && {
      GlobalSecondaryIndexes: indexes.map((i) => ({
        IndexName: i.name,
        KeySchema: keySchema(i.hash_key, i.range_key),
        Projection: { ProjectionType: i.projection_type },
      })),
    }),
    ...(locals.length > 0 && {
      LocalSecondaryIndexes: locals.map((i) => ({
        IndexName: i.name,
        KeySchema: keySchema(table.hash_key, i.range_key),
        Projection: { ProjectionType: i.projection_type },
      })),
    }),
    ...(table.stream_enabled === true && {
      StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream_view_type },
    }),
  };
}

const sortBy = <T>(items: T[] | undefined, key: (t: T) => string) => items && [...items].sort((a, b) => key(a).localeCompare(key(b)));
const normalize = (input: Record<string, unknown>) => ({
  ...input,
  AttributeDefinitions: sortBy(input.AttributeDefinitions as { AttributeName: string }[], (a) => a.AttributeName),
});

test('Terraform declares exactly the three tables of tableDefinitions', () => {
  expect(resourcesOfType(tf, 'aws_dynamodb_table').map(([name]) => name).sort()).toEqual([...tableKeys].sort());
});

describe.each(tableKeys)('the %s table', (key) => {
  const def: TableDefinition = tableDefinitions[key];
  const table = resource(tf, `aws_dynamodb_table.${key}`);

  test('is the CreateTable request the local runtime sends (keys, attributes, indexes, stream, billing)', () => {
    expect(normalize(asCreateTableInput(table))).toEqual(normalize({ ...createTableInput(terraformNames[key], def) }));
  });

  test('has the TTL attribute of the definition, and no other', () => {
    const ttl = blocks(table, 'ttl');
    if (def.ttlAttribute) expect(ttl).toEqual([{ attribute_name: def.ttlAttribute, enabled: true }]);
    else expect(ttl.filter((t) => t.enabled !== false)).toEqual([]);
  });

  test('has the stream of the definition (NEW_IMAGE on messages only)', () => {
    expect(table.stream_enabled === true ? table.stream_view_type : undefined).toBe(def.stream);
  });

  test('is deletion-protected; only the variable destroy.sh sets to false lifts it', () => {
    expect(reference(table.deletion_protection_enabled)).toBe('var.deletion_protection');
    expect(tf.variables.get('deletion_protection')).toMatchObject({ type: '${bool}', default: true });
  });

  test('is on-demand with point-in-time recovery', () => {
    expect(table.billing_mode).toBe('PAY_PER_REQUEST');
    expect(block(table, 'point_in_time_recovery').enabled).toBe(true);
  });
});

describe('the general room', () => {
  const seed = resource(tf, 'aws_dynamodb_table_item.general_room');
  const nameSeed = resource(tf, 'aws_dynamodb_table_item.general_room_name');

  test('is seeded with the items ensureGeneralRoom writes, the room and its name claim (same attributes, toolbox _et included)', async () => {
    const item = JSON.parse(String(seed.item)) as Record<string, { S?: string; N?: string }>;
    const [put, claimPut, ...rest] = await recordDynamoDbCalls((db) => ensureGeneralRoom(db, Number(item.createdAt?.N)));
    expect(rest).toEqual([]);
    expect([put?.operation, claimPut?.operation]).toEqual(['PutItem', 'PutItem']);
    expect(item).toEqual(put?.input.Item);
    expect(JSON.parse(String(nameSeed.item))).toEqual(claimPut?.input.Item);
    for (const [p, s] of [[put, seed], [claimPut, nameSeed]] as const) {
      expect(p?.input.TableName).toBe(tableNamesFor('chat-').messages);
      expect(reference(s.table_name)).toBe('aws_dynamodb_table.messages.name');
    }
  });

  test('is keyed like the rooms list: pk ROOMS, sk general, entity Room', () => {
    const item = JSON.parse(String(seed.item)) as Record<string, { S?: string }>;
    const { partitionKey, sortKey } = tableDefinitions.messages;
    expect(item[partitionKey.name]).toEqual({ S: keys.roomList });
    expect(item[sortKey.name]).toEqual({ S: GENERAL_ROOM_ID });
    expect(item._et).toEqual({ S: 'Room' });
    expect(reference(seed.hash_key)).toBe('aws_dynamodb_table.messages.hash_key');
    expect(reference(seed.range_key)).toBe('aws_dynamodb_table.messages.range_key');
  });

  test('its name is claimed in the public names partition, so no other room is called "General"', () => {
    const item = JSON.parse(String(nameSeed.item)) as Record<string, { S?: string }>;
    const { partitionKey, sortKey } = tableDefinitions.messages;
    expect(item[partitionKey.name]).toEqual({ S: keys.roomNames('public') });
    expect(item[sortKey.name]).toEqual({ S: 'general' });
    expect(item.roomId).toEqual({ S: GENERAL_ROOM_ID });
    expect(item._et).toEqual({ S: 'RoomNameClaim' });
    expect(reference(nameSeed.range_key)).toBe('aws_dynamodb_table.messages.range_key');
  });
});
