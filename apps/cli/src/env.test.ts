import { expect, test } from 'vitest';
import { defaults, readConfig } from './env.ts';

test('defaults to npm start’s local stack', () => {
  expect(readConfig([], {})).toEqual({ ok: true, config: defaults });
});

test('flags win over the environment, which wins over the defaults', () => {
  const env = { CHAT_API_URL: 'https://api.example.com/trpc', CHAT_WS_URL: 'wss://ws.example.com' };
  expect(readConfig([], env)).toEqual({ ok: true, config: { apiUrl: env.CHAT_API_URL, wsUrl: env.CHAT_WS_URL } });
  expect(readConfig(['--ws-url', 'ws://127.0.0.1:9'], env)).toEqual({
    ok: true,
    config: { apiUrl: env.CHAT_API_URL, wsUrl: 'ws://127.0.0.1:9' },
  });
});

test('a wrong URL or an unknown flag is refused with a sentence naming it', () => {
  expect(readConfig(['--api-url', 'localhost:3001'], {})).toMatchObject({
    ok: false,
    error: '--api-url (CHAT_API_URL) must be an http:// or https:// URL',
  });
  expect(readConfig([], { CHAT_WS_URL: 'http://localhost:3002' })).toMatchObject({
    ok: false,
    error: '--ws-url (CHAT_WS_URL) must be a ws:// or wss:// URL',
  });
  const unknown = readConfig(['--port', '1'], {});
  expect(unknown.ok).toBe(false);
  expect(!unknown.ok && unknown.error).toMatch(/Unknown option '--port'[\s\S]*Usage: npm run cli/);
  expect(readConfig(['--help'], {})).toMatchObject({ ok: false, help: true });
});
