import { expect, test } from 'vitest';
import { parseRuntimeConfig } from './config.ts';

test('absolute URLs are taken as they are', () => {
  expect(parseRuntimeConfig({ apiUrl: 'http://localhost:3001/trpc', wsUrl: 'ws://localhost:3002' })).toEqual({
    apiUrl: 'http://localhost:3001/trpc',
    wsUrl: 'ws://localhost:3002',
  });
});

test('a missing or wrong URL is refused with the field named', () => {
  expect(() => parseRuntimeConfig({ wsUrl: 'ws://x' })).toThrow(/"apiUrl" is missing/);
  expect(() => parseRuntimeConfig({ apiUrl: 'ftp://x', wsUrl: 'ws://x' })).toThrow(/"apiUrl" must be a http: or https: URL/);
  expect(() => parseRuntimeConfig(null)).toThrow(/apiUrl/);
});

test('an http(s) WebSocket URL becomes ws(s)', () => {
  expect(parseRuntimeConfig({ apiUrl: 'https://api.example.com/trpc', wsUrl: 'https://ws.example.com/prod' }).wsUrl).toBe(
    'wss://ws.example.com/prod',
  );
});
