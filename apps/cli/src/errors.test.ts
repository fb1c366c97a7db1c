import { expect, test } from 'vitest';
import { describeError, errorCode, isUnreachable } from './errors.ts';

const api = 'http://localhost:1/trpc';

test('a refused connection, however deep in the causes, is “cannot reach”, with the URL and what to do', () => {
  const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
  const wrapped = new Error('fetch failed', { cause: refused });
  expect(isUnreachable(wrapped)).toBe(true);
  expect(describeError('Login failed', wrapped, api)).toBe(
    'Cannot reach the chat server at http://localhost:1/trpc. Is it running (npm start)? Use --api-url and --ws-url (or CHAT_API_URL, CHAT_WS_URL) for another one.',
  );
  expect(isUnreachable(new Error('nope'))).toBe(false);
});

test('the server’s code: tRPC’s data.code or a socket error’s code', () => {
  expect(errorCode({ message: 'x', data: { code: 'UNAUTHORIZED' } })).toBe('UNAUTHORIZED');
  expect(errorCode(Object.assign(new Error('x'), { code: 'FORBIDDEN' }))).toBe('FORBIDDEN');
  expect(errorCode(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBeNull();
  expect(errorCode('weird')).toBeNull();
});

test('field errors name their fields; otherwise the first line of the message, never a stack', () => {
  const invalid = { message: 'Invalid input: password', data: { code: 'BAD_REQUEST', fieldErrors: { password: ['Too short'], _: ['Bad'] } } };
  expect(describeError('Sign-up failed', invalid, api)).toBe('Sign-up failed: password: Too short, Bad');
  const named = { message: 'Invalid input: password', data: { code: 'BAD_REQUEST', fieldErrors: { password: ['Password must be at least 8 characters'] } } };
  expect(describeError('Sign-up failed', named, api)).toBe('Sign-up failed: Password must be at least 8 characters');
  const thrown = new Error('Room is archived\n    at somewhere (file.ts:1:1)');
  expect(describeError('Sending failed', thrown, api)).toBe('Sending failed: Room is archived');
});
