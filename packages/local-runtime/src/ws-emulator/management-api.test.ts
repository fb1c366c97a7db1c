import {
  DeleteConnectionCommand,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, type Harness, managementClient, rejectionOf, startHarness, waitFor } from './test-support.ts';
import type { WebSocketDisconnectEvent } from './types.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ maxMessageBytes: 4096 });
});
afterEach(() => h.stop());

const post = (id: string, data: string, sdk = h.sdk) => sdk.send(new PostToConnectionCommand({ ConnectionId: id, Data: data }));

async function expectGone(promise: Promise<unknown>) {
  const err = await rejectionOf(promise);
  expect(err.name).toBe('GoneException');
  expect(err.$metadata.httpStatusCode).toBe(410);
}

describe('the management API, through the real SDK client', () => {
  it('posts verbatim, gets the connection, deletes it', async () => {
    const { client, id } = await connect(h);
    const before = Date.now();
    await post(id, '{"type":"hello", "spacing" : "kept"}');
    expect(await client.frame(0)).toBe('{"type":"hello", "spacing" : "kept"}');

    client.send('ping');
    await client.frame(1);
    const info = await h.sdk.send(new GetConnectionCommand({ ConnectionId: id }));
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(info.ConnectedAt!.getTime()).toBeLessThanOrEqual(before);
    expect(info.LastActiveAt!.getTime()).toBeGreaterThanOrEqual(info.ConnectedAt!.getTime());
    expect(info.Identity).toEqual({ SourceIp: '127.0.0.1', UserAgent: 'emulator-test/1.0' });

    const deleted = await h.sdk.send(new DeleteConnectionCommand({ ConnectionId: id }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect((await client.closed).code).toBe(1000);
    await waitFor(() => h.eventsOf('DISCONNECT').length === 1);
    expect((h.eventsOf('DISCONNECT')[0] as WebSocketDisconnectEvent).requestContext.connectionId).toBe(id);
    await expectGone(post(id, 'after delete'));
  });

  it('answers 410 GoneException for unknown ids and for closed connections', async () => {
    await expectGone(post('Nope1234567890A=', 'x'));
    await expectGone(h.sdk.send(new GetConnectionCommand({ ConnectionId: 'Nope1234567890A=' })));
    await expectGone(h.sdk.send(new DeleteConnectionCommand({ ConnectionId: 'Nope1234567890A=' })));

    const { client, id } = await connect(h);
    await client.close();
    await waitFor(() => h.emulator.connectionIds().length === 0);
    await expectGone(post(id, 'x'));
    await expectGone(h.sdk.send(new GetConnectionCommand({ ConnectionId: id })));
  });

  it('injects failures with failNextPosts', async () => {
    const { client, id } = await connect(h);
    const once = managementClient(h.emulator.managementEndpoint, 1); // no SDK retries
    h.emulator.failNextPosts(id, 1);
    const err = await rejectionOf(post(id, 'lost', once));
    expect(err.name).toBe('InternalServerErrorException');
    expect(err.$metadata.httpStatusCode).toBe(500);

    h.emulator.failNextPosts(id, 2, 410);
    await expectGone(post(id, 'lost', once));
    await expectGone(post(id, 'lost', once));
    await post(id, 'delivered', once);
    expect(client.frames).toEqual(['delivered']);

    // The SDK retries a 500 on its own (3 attempts by default), as it would on AWS.
    h.emulator.failNextPosts(id, 2);
    await post(id, 'retried');
    expect(await client.frame(1)).toBe('retried');
    once.destroy();
    await client.close();
  });

  it('accepts the stage in the endpoint path, and refuses a payload over the limit', async () => {
    const { client, id } = await connect(h);
    const staged = managementClient(`${h.emulator.managementEndpoint}/local`);
    await post(id, 'via stage', staged);
    expect(await client.frame(0)).toBe('via stage');

    const wrongStage = managementClient(`${h.emulator.managementEndpoint}/prod`, 1);
    expect((await rejectionOf(post(id, 'x', wrongStage))).$metadata.httpStatusCode).toBe(404);

    const err = await rejectionOf(post(id, 'x'.repeat(4097)));
    expect(err.name).toBe('PayloadTooLargeException');
    expect(err.$metadata.httpStatusCode).toBe(413);
    staged.destroy();
    wrongStage.destroy();
    await client.close();
  });

  it('answers /health, and 404 elsewhere', async () => {
    expect((await fetch(`${h.emulator.managementEndpoint}/health`)).status).toBe(200);
    expect((await fetch(`${h.emulator.managementEndpoint}/nothing`)).status).toBe(404);
    expect((await fetch(`${h.emulator.managementEndpoint}/@connections/x`, { method: 'PUT' })).status).toBe(404);
  });

  it('answers /health 503 while its health check fails or throws', async () => {
    let state: 'up' | 'down' | 'broken' = 'down';
    const checked = await startHarness({
      health: async () => {
        if (state === 'broken') throw new Error('probe failed');
        return state === 'up';
      },
    });
    const health = async () => {
      const res = await fetch(`${checked.emulator.managementEndpoint}/health`);
      return { status: res.status, body: await res.json() };
    };
    try {
      expect(await health()).toEqual({ status: 503, body: { ok: false } });
      state = 'broken';
      expect(await health()).toEqual({ status: 503, body: { ok: false } });
      state = 'up';
      expect(await health()).toEqual({ status: 200, body: { ok: true } });
    } finally {
      await checked.stop();
    }
  });
});
