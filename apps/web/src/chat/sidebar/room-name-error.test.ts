import { TRPCClientError } from '@trpc/client';
import { describe, expect, test } from 'vitest';
import { nameErrorOf } from './room-name-error.ts';

/** An error as the tRPC client makes it from the server's JSON answer. */
const answered = (code: string, httpStatus: number, message: string, fieldErrors?: Record<string, string[]>) =>
  TRPCClientError.from({ error: { message, code: -32000, data: { code, httpStatus, ...(fieldErrors && { fieldErrors }) } } });

describe('a room name’s error at its field', () => {
  test('a taken name: the server’s CONFLICT sentence', () => {
    expect(nameErrorOf(answered('CONFLICT', 409, 'A room named "Lobby" already exists'))).toBe('A room named "Lobby" already exists.');
  });

  test('the schema’s phrases for the name, one sentence each', () => {
    const err = answered('BAD_REQUEST', 400, 'Invalid input', { name: ['Room name must not be empty', 'Room name must not contain control or bidi characters'] });
    expect(nameErrorOf(err)).toBe('Room name must not be empty. Room name must not contain control or bidi characters.');
  });

  test('anything else is not the name’s fault', () => {
    expect(nameErrorOf(answered('BAD_REQUEST', 400, 'Invalid input', { topic: ['Topic must be at most 250 characters'] }))).toBeNull();
    expect(nameErrorOf(answered('INTERNAL_SERVER_ERROR', 500, 'boom'))).toBeNull();
    expect(nameErrorOf(new TypeError('Failed to fetch'))).toBeNull();
  });
});
