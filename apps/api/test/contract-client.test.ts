// The client an outside user writes (contract-client/client.ts: @chat/contract's types and
// @trpc/client) against the real app over HTTP, and its types against the contract's.
import type { AddressInfo } from 'node:net';
import type { AuthResult, RoomSummary, SignupInput, User } from '@chat/contract';
import { serve } from '@hono/node-server';
import { TRPCClientError } from '@trpc/client';
import { afterAll, describe, expect, expectTypeOf, test } from 'vitest';
import { createTestApp } from '../src/testing.ts';
import { createChatClient, signupAndMe } from './contract-client/client.ts';

const { app } = await createTestApp();
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`;
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('over HTTP', () => {
  test('signs up and calls me', async () => {
    const me = await signupAndMe(url, { email: 'Outside@Example.com', password: 'correct horse', username: 'outsider' });
    expect(me).toEqual({ token: expect.any(String), id: expect.any(String), username: 'outsider', email: 'outside@example.com' });
  });

  test('creates a room and lists it', async () => {
    let token: string | null = null;
    const client = createChatClient(url, () => token);
    ({ token } = await client.auth.signup.mutate({ email: 'rooms@example.com', password: 'correct horse', username: 'roomer' }));
    const room = await client.rooms.create.mutate({ name: 'Outside Room' });
    expect((await client.rooms.list.query()).map((summary) => summary.room)).toContainEqual(room);
  });

  test('errors arrive as TRPCClientError with the code and the fields', async () => {
    const client = createChatClient(url, () => null);
    const unauthorized = await client.auth.me.query().catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(TRPCClientError);
    expect((unauthorized as TRPCClientError<never>).data).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
    const invalid = await client.auth.signup.mutate({ email: 'no', password: 'correct horse', username: 'fine_name' }).catch((e: unknown) => e);
    expect((invalid as TRPCClientError<never>).data).toMatchObject({ code: 'BAD_REQUEST', fieldErrors: { email: expect.any(Array) } });
  });
});

describe('types', () => {
  const client = createChatClient('http://127.0.0.1:1/trpc', () => null);

  test('procedures take and return the contract types', () => {
    expectTypeOf(client.auth.signup.mutate).parameter(0).toEqualTypeOf<SignupInput>();
    expectTypeOf(client.auth.signup.mutate).returns.resolves.toEqualTypeOf<AuthResult>();
    expectTypeOf(client.auth.me.query).returns.resolves.toEqualTypeOf<User>();
    expectTypeOf(client.rooms.list.query).returns.resolves.toEqualTypeOf<RoomSummary[]>();
  });

  test('no such procedure, no such call, no bad input', () => {
    // @ts-expect-error: no such procedure
    expectTypeOf(client.auth.nope).not.toBeAny();
    // @ts-expect-error: a query has no mutate
    expectTypeOf(client.auth.me.mutate).not.toBeAny();
    // @ts-expect-error: signup needs a username
    expectTypeOf(client.auth.signup.mutate).toBeCallableWith({ email: 'a@b.co', password: 'correct horse' });
  });
});
