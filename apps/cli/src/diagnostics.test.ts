import { afterEach, expect, test } from 'vitest';
import { captureConsole, oneLine } from './diagnostics.ts';

const { error, warn } = console;
afterEach(() => {
  console.error = error;
  console.warn = warn;
});

test('errors read as their message (and their cause’s), never a stack; other values as JSON, one line', () => {
  const failed = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:3001') });
  expect(oneLine(['chat socket: the ticket function failed', failed])).toBe(
    'chat socket: the ticket function failed fetch failed (connect ECONNREFUSED 127.0.0.1:3001)',
  );
  const wrapped = new Error('fetch failed', { cause: failed });
  expect(oneLine([wrapped])).toBe('fetch failed (connect ECONNREFUSED 127.0.0.1:3001)');
  expect(oneLine(['two\n  lines', { code: 1 }])).toBe('two lines {"code":1}');
});

test('console.error and console.warn print through, a repeat of the line before once', () => {
  const lines: string[] = [];
  captureConsole((line) => lines.push(line));
  console.error('retrying', new Error('down'));
  console.error('retrying', new Error('down'));
  console.warn('something else');
  console.error('retrying', new Error('down'));
  expect(lines).toEqual(['retrying down', 'something else', 'retrying down']);
});
