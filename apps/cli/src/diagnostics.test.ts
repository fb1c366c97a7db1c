import { expect, test } from 'vitest';
import { oneLine, transcriptLogger } from './diagnostics.ts';

test('errors read as their message (and their cause’s), never a stack; other values as JSON, one line', () => {
  const failed = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:3001') });
  expect(oneLine(['chat socket: the ticket function failed', failed])).toBe(
    'chat socket: the ticket function failed fetch failed (connect ECONNREFUSED 127.0.0.1:3001)',
  );
  const wrapped = new Error('fetch failed', { cause: failed });
  expect(oneLine([wrapped])).toBe('fetch failed (connect ECONNREFUSED 127.0.0.1:3001)');
  expect(oneLine(['two\n  lines', { code: 1 }])).toBe('two lines {"code":1}');
});

test('the logger’s error and warn print through, a repeat of the line before once', () => {
  const lines: string[] = [];
  const logger = transcriptLogger((line) => lines.push(line));
  logger.error('retrying', new Error('down'));
  logger.error('retrying', new Error('down'));
  logger.warn('something else');
  logger.error('retrying', new Error('down'));
  expect(lines).toEqual(['retrying down', 'something else', 'retrying down']);
});
