import * as z from 'zod/mini';
import { describe, expect, test } from 'vitest';
import { dynamoConfig, dynamoEnv, intFrom, jwtSecretEnv, jwtSecretSourceCheck, logEnv, parseEnv } from './index.ts';

const schema = z.object({ ...dynamoEnv, ...jwtSecretEnv, LIMIT: intFrom(64, 1) }).check(jwtSecretSourceCheck());
const key = 'k'.repeat(32);

describe('parseEnv', () => {
  test('defaults fill what is unset or empty', () => {
    expect(parseEnv(schema, { JWT_SECRET: key, LIMIT: '' })).toEqual({
      USERS_TABLE: 'chat-users',
      MESSAGES_TABLE: 'chat-messages',
      CONNECTIONS_TABLE: 'chat-connections',
      AWS_REGION: 'us-east-1',
      JWT_SECRET: key,
      LIMIT: 64,
    });
    expect(parseEnv(schema, { JWT_SECRET_PARAMETER: '/chat/dev/jwt-secret', LIMIT: '8' }).LIMIT).toBe(8);
  });

  test('an error names every variable that is wrong', () => {
    expect(() => parseEnv(schema, { JWT_SECRET: 'short', LIMIT: '0', DYNAMODB_ENDPOINT: 'not a url' })).toThrow(
      /DYNAMODB_ENDPOINT: .*; JWT_SECRET: JWT_SECRET must be at least 32 characters; LIMIT: must be an integer >= 1/,
    );
    expect(() => parseEnv(schema, { LIMIT: '2.5', JWT_SECRET: key })).toThrow(/LIMIT: must be an integer >= 1/);
  });

  test('exactly one source of the JWT key', () => {
    expect(() => parseEnv(schema, {})).toThrow(/JWT_SECRET: set exactly one of JWT_SECRET .* or JWT_SECRET_PARAMETER/);
    expect(() => parseEnv(schema, { JWT_SECRET: key, JWT_SECRET_PARAMETER: '/p' })).toThrow(/exactly one/);
  });
});

test('dynamoConfig: the table names, and the endpoint only when set', () => {
  const env = parseEnv(schema, { JWT_SECRET: key, DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000' });
  expect(dynamoConfig(env)).toEqual({
    names: { users: 'chat-users', messages: 'chat-messages', connections: 'chat-connections' },
    clientConfig: { region: 'us-east-1', endpoint: 'http://127.0.0.1:8000' },
  });
  expect(dynamoConfig(parseEnv(schema, { JWT_SECRET: key })).clientConfig).toEqual({ region: 'us-east-1' });
});

describe('logEnv', () => {
  const logs = z.object(logEnv);
  test('POWERTOOLS_LOGGER_SAMPLE_RATE: a share from 0 to 1, or unset', () => {
    expect(parseEnv(logs, { POWERTOOLS_LOGGER_SAMPLE_RATE: '0.01' })).toEqual({ POWERTOOLS_LOGGER_SAMPLE_RATE: 0.01 });
    expect(parseEnv(logs, { POWERTOOLS_LOGGER_SAMPLE_RATE: '1' })).toEqual({ POWERTOOLS_LOGGER_SAMPLE_RATE: 1 });
    expect(parseEnv(logs, {})).toEqual({});
    for (const wrong of ['1.5', '-0.1', 'often', '']) {
      expect(() => parseEnv(logs, { POWERTOOLS_LOGGER_SAMPLE_RATE: wrong }), wrong).toThrow(/POWERTOOLS_LOGGER_SAMPLE_RATE: must be a number from 0 to 1/);
    }
  });
});
