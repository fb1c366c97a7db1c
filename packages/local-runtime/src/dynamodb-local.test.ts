import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { expect, test } from 'vitest';
import { localDynamoClient } from './dynamodb-local.ts';
import { testDynamoEndpoint } from './vitest.ts';

test('the DynamoDB Local of the test run answers and keeps tables', async () => {
  const client = localDynamoClient(testDynamoEndpoint());
  await client.send(
    new CreateTableCommand({
      TableName: 'probe-table',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  const { TableNames } = await client.send(new ListTablesCommand({}));
  expect(TableNames).toContain('probe-table');
  client.destroy();
});
