// Vitest globalSetup: one DynamoDB Local per test run, on a free port, in memory.
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import './vitest.ts';

export default async function setup(project: TestProject) {
  const db = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', db.endpoint);
  return () => db.stop();
}
