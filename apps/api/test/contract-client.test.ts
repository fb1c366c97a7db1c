import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, test } from 'vitest';
import { createTestApp } from '../src/testing.ts';
import { signupAndMe } from './contract-client/client.ts';

const { app } = await createTestApp();
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
afterAll(() => new Promise((resolve) => server.close(resolve)));

test('a client that imports only @chat/contract and @trpc/client signs up and calls me over HTTP', async () => {
  const me = await signupAndMe(url, { email: 'Outside@Example.com', password: 'correct horse', username: 'outsider' });
  expect(me).toEqual({ token: expect.any(String), id: expect.any(String), username: 'outsider', email: 'outside@example.com' });
});

test('the client file imports nothing else', () => {
  const source = readFileSync(new URL('./contract-client/client.ts', import.meta.url), 'utf8');
  const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
  expect(imports.sort()).toEqual(['@chat/contract', '@trpc/client']);
});
