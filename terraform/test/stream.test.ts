// The event source mapping from the messages stream to the ws function has exactly the
// settings of messageStreamMapping, which the local Streams poller plays.
import { messageStreamMapping } from '@chat/db';
import { expect, test } from 'vitest';
import { block, blocks, loadTerraform, reference, resource, resourcesOfType } from './config.ts';

const tf = await loadTerraform();
const mappings = resourcesOfType(tf, 'aws_lambda_event_source_mapping');
const mapping = resource(tf, 'aws_lambda_event_source_mapping.messages_stream');
const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Arguments that wire the mapping rather than tune it. */
const wiring = ['event_source_arn', 'function_name', 'filter_criteria', 'destination_config', 'depends_on'];

test('one mapping: the messages stream to the ws function', () => {
  expect(mappings.map(([name]) => name)).toEqual(['messages_stream']);
  expect(reference(mapping.event_source_arn)).toBe('aws_dynamodb_table.messages.stream_arn');
  expect(reference(mapping.function_name)).toBe('aws_lambda_function.ws.arn');
});

/** The stream record fields (`dynamodb.NewImage`, ...) a filter pattern matches on. */
const imagesMatched = (pattern: unknown) => Object.keys((pattern as { dynamodb?: Record<string, unknown> }).dynamodb ?? {});

test('the stream carries every image the filter matches on (a filter on a missing image drops every record)', () => {
  const table = resource(tf, reference(mapping.event_source_arn)!.replace(/\.stream_arn$/, ''));
  expect(table.stream_enabled).toBe(true);
  const carried: Record<string, string[]> = { NEW_IMAGE: ['NewImage'], OLD_IMAGE: ['OldImage'], NEW_AND_OLD_IMAGES: ['NewImage', 'OldImage'], KEYS_ONLY: [] };
  const matched = messageStreamMapping.filterPatterns.flatMap(imagesMatched).filter((key) => key.endsWith('Image'));
  expect(matched.length).toBeGreaterThan(0);
  for (const image of matched) expect(carried[String(table.stream_view_type)], image).toContain(image);
});

test('batch, retry, bisect and response settings equal messageStreamMapping’s, and nothing else is set', () => {
  const { filterPatterns: _filters, ...settings } = messageStreamMapping;
  const declared = Object.fromEntries(
    Object.entries(mapping)
      .filter(([key]) => !wiring.includes(key))
      .map(([key, value]) => [camel(key), value]),
  );
  expect(declared).toEqual(settings);
});

test('the filter is messageStreamMapping’s: the Message, Activity, Membership and Room records the ws Lambda handles', () => {
  const filters = blocks(block(mapping, 'filter_criteria'), 'filter').map((f) => JSON.parse(String(f.pattern)) as unknown);
  expect(filters).toEqual(messageStreamMapping.filterPatterns);
});

test('batches given up on go to an SQS queue (alarmed on: observability.test.ts)', () => {
  const onFailure = block(block(mapping, 'destination_config'), 'on_failure');
  const queue = reference(onFailure.destination_arn)?.replace(/\.arn$/, '');
  expect(queue).toMatch(/^aws_sqs_queue\./);
  expect(resource(tf, queue!)).toBeDefined();
});
