// A port another program holds stops the start with a message naming the service, the port and
// the variable that moves it; nothing of the stack is left running.
import { createServer, type Server } from 'node:net';
import { freePort } from '@chat/local-runtime';
import { afterEach, expect, test } from 'vitest';
import { type LocalConfig } from '../src/config.ts';
import { startLocalStack } from '../src/stack.ts';
import { accepts } from './listeners.ts';

const holders: Server[] = [];
afterEach(async () => {
  await Promise.all(holders.splice(0).map((h) => new Promise((resolve) => h.close(resolve))));
});

async function holdPort(): Promise<number> {
  const port = await freePort();
  const holder = createServer();
  holders.push(holder);
  await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
  return port;
}

const config = (ports: Partial<LocalConfig['ports']>): LocalConfig => ({
  dataDir: null,
  ports: { dynamodb: 0, api: 0, ws: 0, web: 0, ...ports },
  webDir: null,
});

test.each([
  ['dynamodb', 'DynamoDB Local', 'DYNAMODB_PORT'],
  ['api', 'API', 'API_PORT'],
  ['ws', 'WebSocket', 'WS_PORT'],
] as const)('a taken %s port fails the start, naming it', async (key, service, variable) => {
  const port = await holdPort();
  const dynamodb = key === 'dynamodb' ? port : await freePort();
  await expect(startLocalStack(config({ [key]: port, dynamodb }))).rejects.toThrow(
    `${service}: port ${port} is already in use by another program (set ${variable} to use another port)`,
  );
  if (key !== 'dynamodb') expect(await accepts('127.0.0.1', dynamodb)).toBe(false); // its Java process was stopped
});

test('a taken web port fails the start, naming it', async () => {
  const port = await holdPort();
  await expect(startLocalStack({ ...config({ web: port }), webDir: '/nonexistent' })).rejects.toThrow(
    `web app: port ${port} is already in use by another program (set WEB_PORT to use another port)`,
  );
});
