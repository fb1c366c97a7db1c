import { PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Harness, rejectionOf, startHarness, waitFor } from './test-support.ts';
import type { WebSocketDisconnectEvent, WsEmulatorOptions } from './types.ts';

const harnesses: Harness[] = [];
async function start(options: Partial<WsEmulatorOptions> = {}) {
  const h = await startHarness(options);
  harnesses.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.stop()));
});

const disconnectOf = (h: Harness) => (h.eventsOf('DISCONNECT')[0] as WebSocketDisconnectEvent).requestContext;

describe('connection lifetime', () => {
  it('closes an idle connection with 1001 Going away, and frames keep it alive', async () => {
    const h = await start({ idleTimeoutMs: 1000 });
    const busy = await connect(h);
    const idle = await connect(h);
    let idleClosed = false;
    void idle.client.closed.then(() => (idleClosed = true));
    // Ping-pong: each tick goes out once the last one's echo is back, until the idle one is closed.
    let ticks = 0;
    for (; !idleClosed; ticks++) {
      busy.client.send(`tick ${ticks}`);
      await busy.client.frame(ticks);
    }
    expect(ticks).toBeGreaterThan(1);
    expect(await idle.client.closed).toEqual({ code: 1001, reason: 'Going away' });
    expect(h.emulator.connectionIds()).toEqual([busy.id]);
    await waitFor(() => h.eventsOf('DISCONNECT').length === 1);
    expect(disconnectOf(h)).toMatchObject({ connectionId: idle.id, disconnectStatusCode: 1001, disconnectReason: 'Going away' });
    await busy.client.close();
  });

  it('closes any connection after maxConnectionMs', async () => {
    const h = await start({ maxConnectionMs: 300 });
    const { client } = await connect(h);
    const ticking = setInterval(() => client.send('tick'), 50);
    expect(await client.closed).toEqual({ code: 1001, reason: 'Going away' });
    clearInterval(ticking);
  });

  it('can lose $disconnect events, as API Gateway may', async () => {
    const h = await start({ sendDisconnectEvents: false });
    const first = await connect(h);
    await first.client.close();
    const second = await connect(h);
    await h.emulator.close();
    expect((await second.client.closed).code).toBe(1001);
    // close() has waited for every handler invocation, $disconnect ones included.
    expect(h.eventsOf('DISCONNECT')).toHaveLength(0);
    expect(h.eventsOf('CONNECT')).toHaveLength(2);
  });

  it('close() sends $disconnect for open connections, and the port is free again at once', async () => {
    const h = await start();
    const { client, id } = await connect(h);
    await h.emulator.close();
    expect((await client.closed).code).toBe(1001);
    expect(disconnectOf(h)).toMatchObject({ connectionId: id, disconnectStatusCode: 1001 });

    const again = await start({ port: h.emulator.port });
    expect(again.emulator.port).toBe(h.emulator.port);
    const next = await connect(again);
    next.client.send('hello');
    expect(JSON.parse(await next.client.frame(0))).toMatchObject({ body: 'hello' });
    const err = await rejectionOf(again.sdk.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'x' })));
    expect(err.name).toBe('GoneException');
  });

  it('close() waits for a $connect in progress and reports its end', async () => {
    const h = await start();
    let release = () => {};
    h.hooks.onConnect = () => new Promise<void>((resolve) => (release = resolve));
    const socket = new WebSocket(`${h.emulator.url}/?token=t`);
    socket.on('error', () => {});
    const pending = new Promise((resolve) => socket.on('close', resolve));
    await waitFor(() => h.eventsOf('CONNECT').length === 1);
    const closed = h.emulator.close();
    release();
    await closed;
    await pending;
    // $connect said yes, so the connection's end is a $disconnect, as on AWS.
    expect(h.eventsOf('DISCONNECT')).toHaveLength(1);
  });
});
