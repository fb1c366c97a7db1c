// The Terraform that is derived from the code, generated so that it cannot drift:
//   tables.tf.json  the three tables (from tableDefinitions, as createTableInput creates them
//                   locally) and the `general` room item (exactly what ensureGeneralRoom writes)
//   stream.tf.json  the messages stream -> ws Lambda event source mapping (messageStreamMapping,
//                   which the local Streams poller plays too)
//   runtime.tf.json the functions' runtime (LAMBDA_RUNTIME, whose major esbuild targets)
// `npm run generate -w @chat/terraform` rewrites them; a test fails when they are stale.
import {
  createTableInput,
  ensureGeneralRoom,
  messageStreamMapping,
  type TableDefinition,
  tableDefinitions,
  tableKeys,
  tableNamesFor,
} from '@chat/db';
import { LAMBDA_RUNTIME } from '@chat/lambda-bundle';
import { recordDynamoDbCalls } from './record.ts';

/** Table names in Terraform: `<name_prefix>-<stage>-users`, ... (tableNamesFor, as locally). */
export const TABLE_PREFIX_EXPRESSION = '${local.prefix}';
/** When the seeded `general` room says it was created (epoch ms): fixed, so generation is stable. */
export const GENERAL_ROOM_CREATED_AT = Date.UTC(2026, 0, 1);

const NOTE = 'Generated from packages/db/src/definitions.ts by `npm run generate -w @chat/terraform`. Do not edit.';

type Block = Record<string, unknown>;

/** One aws_dynamodb_table from the same CreateTable request the local runtime sends. */
export function tableResource(key: string, def: TableDefinition): Block {
  const names = tableNamesFor(TABLE_PREFIX_EXPRESSION);
  const input = createTableInput(names[key as keyof typeof names], def);
  const keyOf = (schema: { AttributeName?: string; KeyType?: string }[] | undefined, type: 'HASH' | 'RANGE') =>
    schema?.find((k) => k.KeyType === type)?.AttributeName;
  const rangeKey = keyOf(input.KeySchema, 'RANGE');
  return {
    name: input.TableName,
    billing_mode: input.BillingMode,
    hash_key: keyOf(input.KeySchema, 'HASH'),
    ...(rangeKey && { range_key: rangeKey }),
    attribute: (input.AttributeDefinitions ?? []).map((a) => ({ name: a.AttributeName, type: a.AttributeType })),
    ...(input.GlobalSecondaryIndexes && {
      global_secondary_index: input.GlobalSecondaryIndexes.map((index) => {
        const indexRange = keyOf(index.KeySchema, 'RANGE');
        return {
          name: index.IndexName,
          hash_key: keyOf(index.KeySchema, 'HASH'),
          ...(indexRange && { range_key: indexRange }),
          projection_type: index.Projection?.ProjectionType,
        };
      }),
    }),
    ...(input.LocalSecondaryIndexes && {
      local_secondary_index: input.LocalSecondaryIndexes.map((index) => ({
        name: index.IndexName,
        range_key: keyOf(index.KeySchema, 'RANGE'),
        projection_type: index.Projection?.ProjectionType,
      })),
    }),
    ...(input.StreamSpecification && {
      stream_enabled: input.StreamSpecification.StreamEnabled,
      stream_view_type: input.StreamSpecification.StreamViewType,
    }),
    ...(def.ttlAttribute && { ttl: [{ attribute_name: def.ttlAttribute, enabled: true }] }),
    point_in_time_recovery: [{ enabled: true }],
    deletion_protection_enabled: '${var.deletion_protection}',
  };
}

/** The PutItems ensureGeneralRoom sends (the room, then the claim of its name), recorded: table and item, in DynamoDB JSON. */
export async function generalRoomPuts(): Promise<{ table: string; item: Record<string, unknown> }[]> {
  const calls = await recordDynamoDbCalls((db) => ensureGeneralRoom(db, GENERAL_ROOM_CREATED_AT), 'chat-');
  if (calls.length !== 2 || calls.some((c) => c.operation !== 'PutItem')) {
    throw new Error(`ensureGeneralRoom sent ${calls.map((c) => c.operation).join(', ')}`);
  }
  return calls.map((put) => {
    const tableName = String(put.input.TableName);
    const table = tableKeys.find((k) => tableNamesFor('chat-')[k] === tableName);
    if (!table) throw new Error(`ensureGeneralRoom wrote to an unknown table ${tableName}`);
    return { table, item: put.input.Item as Record<string, unknown> };
  });
}

/** A seeded item: created with the table, never managed again (the app may change it). */
function seedItem(put: { table: string; item: Record<string, unknown> }): Block {
  const def: TableDefinition = tableDefinitions[put.table as keyof typeof tableDefinitions];
  const ref = `aws_dynamodb_table.${put.table}`;
  return {
    table_name: `\${${ref}.name}`,
    hash_key: `\${${ref}.hash_key}`,
    ...('sortKey' in def && def.sortKey && { range_key: `\${${ref}.range_key}` }),
    item: JSON.stringify(put.item),
    // The app may update rooms one day; the seed only has to exist.
    lifecycle: [{ ignore_changes: ['item'] }],
  };
}

export async function tablesTfJson(): Promise<Block> {
  const [room, name] = await generalRoomPuts();
  if (!room || !name) throw new Error('ensureGeneralRoom: expected the room and its name claim');
  return {
    '//': NOTE,
    resource: {
      aws_dynamodb_table: Object.fromEntries(tableKeys.map((key) => [key, tableResource(key, tableDefinitions[key])])),
      // `general` always exists: seeded with the tables, as `provision` does locally ($connect
      // treats it as existing), with the claim of its name so that no room is called "General".
      aws_dynamodb_table_item: { general_room: seedItem(room), general_room_name: seedItem(name) },
    },
  };
}

const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function streamTfJson(): Block {
  const { filterPatterns, ...settings } = messageStreamMapping;
  return {
    '//': NOTE,
    resource: {
      aws_lambda_event_source_mapping: {
        messages_stream: {
          event_source_arn: '${aws_dynamodb_table.messages.stream_arn}',
          function_name: '${aws_lambda_function.ws.arn}',
          ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [snake(k), v])),
          filter_criteria: [{ filter: filterPatterns.map((p) => ({ pattern: JSON.stringify(p) })) }],
          destination_config: [{ on_failure: [{ destination_arn: '${aws_sqs_queue.stream_failures.arn}' }] }],
          // The role must be able to read the stream and write to the queue before Lambda checks.
          depends_on: ['aws_iam_role_policy.ws'],
        },
      },
    },
  };
}

export function runtimeTfJson(): Block {
  return { '//': NOTE.replace('packages/db/src/definitions.ts', 'tooling/lambda-bundle (LAMBDA_NODE_MAJOR)'), locals: { lambda_runtime: LAMBDA_RUNTIME } };
}

/** File name -> contents, as committed. */
export async function generatedFiles(): Promise<Record<string, string>> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return { 'tables.tf.json': json(await tablesTfJson()), 'stream.tf.json': json(streamTfJson()), 'runtime.tf.json': json(runtimeTfJson()) };
}
