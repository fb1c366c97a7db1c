// A DynamoDB failure behind a WebSocket action: the client gets INTERNAL with a generic sentence
// (never DynamoDB's text), the details go to the log, and the socket stays usable.
import { actionNames } from '@chat/contract';
import { createTestDb } from '@chat/db/testing';
import { startWsEmulator } from '@chat/local-runtime';
import { testDynamoEndpoint } from '@chat/local-runtime/vitest';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { afterAll, expect, test, vi } from 'vitest';
import { createDeps } from '../src/deps.ts';
import { parseEnv } from '../src/env.ts';
import { createHandler, twoWayRouteKeys, type WsHandler } from '../src/handler.ts';
import { TEST_SECRET, TestSocket } from './harness.ts';

const db = await createTestDb();
const ref: { handler?: WsHandler } = {};
const emulator = await startWsEmulator({ port: 0, routeKeys: actionNames, twoWayRouteKeys, handler: (event, context) => ref.handler!(event as never, context) as never });
// The connections table exists ($connect works); the messages table (rooms, membership, history) does not.
const missing = `missing-${crypto.randomUUID()}`;
const deps = createDeps(
  parseEnv({
    USERS_TABLE: db.names.users,
    MESSAGES_TABLE: missing,
    CONNECTIONS_TABLE: db.names.connections,
    DYNAMODB_ENDPOINT: testDynamoEndpoint(),
    JWT_SECRET: TEST_SECRET,
    WS_MANAGEMENT_ENDPOINT: emulator.managementEndpoint,
    POST_TIMEOUT_MS: '2000',
  }),
);
ref.handler = createHandler(deps);

afterAll(async () => {
  await emulator.close();
  deps.db.client.destroy();
  db.client.destroy();
});

test('sendMessage, getMessages and joinRoom over a missing table: INTERNAL, a generic sentence, the details in the log', async () => {
  const logged = vi.spyOn(deps.logger, 'error');
  // A user that exists (the users table is there): a token of a missing user fails the handshake.
  const id = `id-${crypto.randomUUID()}`;
  await db.entities.User.build(PutItemCommand).item({ id, email: `${id}@example.com`, username: 'ann', passwordHash: '-', createdAt: Date.now() }).send();
  const token = await deps.tokens.issue({ id, username: 'ann' });
  const socket = await TestSocket.open(`${emulator.url}?${new URLSearchParams({ token })}`);
  try {
    socket.send({ action: 'sendMessage', id: 's1', roomId: 'general', text: 'hello', clientMsgId: 'c-1' });
    socket.send({ action: 'getMessages', id: 'g1', roomId: 'general' });
    socket.send({ action: 'joinRoom', id: 'j1', roomId: 'general' });
    const errors = await socket.waitFor((frames) => {
      const found = frames.filter((f) => f.type === 'error');
      return found.length === 3 && found;
    });
    for (const error of errors) expect(error).toMatchObject({ type: 'error', code: 'INTERNAL', message: 'Something went wrong; try again' });
    expect(errors.map((e) => e.type === 'error' && e.id).sort()).toEqual(['g1', 'j1', 's1']);
    expect(JSON.stringify(socket.frames)).not.toMatch(/ResourceNotFound|non-existent|Exception|table|missing-/i);
    // Still usable: a ping is answered.
    socket.send({ action: 'ping', id: 'p1' });
    await socket.waitForType('pong', (p) => p.id === 'p1');
    const causes = logged.mock.calls.map(([, extra]) => String((extra as { error?: { name?: string } }).error?.name));
    expect(causes).toEqual(['ResourceNotFoundException', 'ResourceNotFoundException', 'ResourceNotFoundException']);
  } finally {
    socket.ws.terminate();
    logged.mockRestore();
  }
});
