// Logs secrets through a Powertools Logger without the redaction: the scan must fail this file.
import { Logger } from '@aws-lambda-powertools/logger';
import { expect, test } from 'vitest';
import { secrets } from './secrets.ts';

test('logs a token, a bcrypt hash and an email through a plain Powertools Logger', () => {
  new Logger({ serviceName: 'leaky' }).info('signed in', secrets);
  expect(true).toBe(true);
});
