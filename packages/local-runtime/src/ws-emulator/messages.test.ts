import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Harness, startHarness, waitFor } from './test-support.ts';
import type { WebSocketDisconnectEvent, WebSocketMessageEvent, WsEmulatorOptions } from './types.ts';

let h: Harness;
async function start(options: Partial<WsEmulatorOptions> = {}) {
  h = await startHarness(options);
  return h;
}
afterEach(() => h.stop());

const echoOf = async (frame: Promise<string>) => JSON.parse(await frame);

describe('messages', () => {
  it('records $connect, each message and $disconnect of a connection', async () => {
    await start();
    const { client, id } = await connect(h);
    client.send('{"action":"sendMessage","text":"hi"}');
    await client.frame(0);
    await client.close(1000, 'bye');
    await waitFor(() => h.eventsOf('DISCONNECT').length === 1);
    expect(h.events.map((e) => e.requestContext.routeKey)).toEqual(['$connect', 'sendMessage', '$disconnect']);
    expect(h.events.every((e) => e.requestContext.connectionId === id)).toBe(true);
    const message = h.events[1] as WebSocketMessageEvent;
    expect(message).toEqual({
      requestContext: expect.objectContaining({ eventType: 'MESSAGE', messageDirection: 'IN', messageId: expect.any(String) }),
      body: '{"action":"sendMessage","text":"hi"}',
      isBase64Encoded: false,
    });
    const disconnect = h.events[2] as WebSocketDisconnectEvent;
    expect(disconnect.requestContext).toMatchObject({ eventType: 'DISCONNECT', disconnectStatusCode: 1000, disconnectReason: 'bye' });
    expect(disconnect.requestContext.connectedAt).toBe(message.requestContext.connectedAt);
  });

  it('selects the route by action, else $default', async () => {
    await start();
    const { client } = await connect(h);
    const bodies = [
      '{"action":"joinRoom","roomId":"general"}',
      '{"action":"nope"}',
      'not json',
      '["action"]',
      '{"action":5}',
      '{"action":"$connect"}',
    ];
    const routes: string[] = [];
    for (const [i, body] of bodies.entries()) {
      client.send(body);
      const echo = await echoOf(client.frame(i));
      expect(echo.body).toBe(body);
      routes.push(echo.routeKey);
    }
    expect(routes).toEqual(['joinRoom', '$default', '$default', '$default', '$default', '$default']);
    await client.close();
  });

  it('answers a failing handler with API Gateway\'s error frame and keeps the socket open', async () => {
    await start();
    const { client, id } = await connect(h);
    client.send('boom');
    const frame = await client.frame(0);
    const requestId = h.eventsOf('MESSAGE')[0]?.requestContext.requestId;
    expect(frame).toBe(`{"message": "Internal server error", "connectionId":"${id}", "requestId":"${requestId}"}`);
    client.send('still there?');
    expect(await echoOf(client.frame(1))).toMatchObject({ body: 'still there?' });
    await client.close();
  });

  it('sends a two-way route\'s result body as one frame after the invocation\'s posts; other routes\' results go nowhere', async () => {
    await start({ twoWayRouteKeys: ['sendMessage', '$default'] });
    h.hooks.result = (event) => {
      if (event.body?.includes('"bare"')) return 'a bare string';
      if (event.body?.includes('"none"')) return { statusCode: 200 };
      return { statusCode: 200, body: `answer to ${event.requestContext.routeKey}` };
    };
    const { client } = await connect(h);
    const sent = ['{"action":"sendMessage","text":"hi"}', '{"action":"joinRoom"}', '{"action":"sendMessage","text":"bare"}', '{"action":"sendMessage","text":"none"}', 'not json'];
    // One at a time: each frame's echo post, then (for a two-way route) its result.
    const framesAfter = [2, 3, 5, 7, 9];
    for (const [i, body] of sent.entries()) {
      client.send(body);
      await waitFor(() => client.frames.length >= framesAfter[i]!);
    }
    const frames = client.frames.map((f) => (f.startsWith('{"routeKey"') ? `echo ${JSON.parse(f).routeKey}` : f));
    expect(frames).toEqual([
      'echo sendMessage',
      'answer to sendMessage',
      'echo joinRoom',
      'echo sendMessage',
      'a bare string',
      'echo sendMessage',
      '', // no body: an empty frame, as API Gateway sends
      'echo $default',
      'answer to $default',
    ]);
    await client.close();
  });

  it('passes binary frames base64-encoded on $default', async () => {
    await start();
    const { client } = await connect(h);
    client.send(Buffer.from([0, 1, 2, 250, 255]));
    expect(await echoOf(client.frame(0))).toEqual({ routeKey: '$default', body: 'AAEC+v8=', isBase64Encoded: true });
    await client.close();
  });

  it('invokes messages concurrently: a slow one does not hold back the next', async () => {
    await start();
    let release = () => {};
    h.hooks.onMessage = async (event) => {
      if (event.body === 'slow') await new Promise<void>((resolve) => (release = resolve));
    };
    const { client } = await connect(h);
    client.send('slow');
    client.send('fast');
    expect(await echoOf(client.frame(0))).toMatchObject({ body: 'fast' });
    release();
    expect(await echoOf(client.frame(1))).toMatchObject({ body: 'slow' });
    await client.close();
  });

  it('closes with 1009 on a message over maxMessageBytes', async () => {
    await start({ maxMessageBytes: 1024 });
    const { client } = await connect(h);
    client.send('x'.repeat(1024));
    await client.frame(0);
    client.send('x'.repeat(1025));
    expect((await client.closed).code).toBe(1009);
    await waitFor(() => h.eventsOf('DISCONNECT').length === 1);
    expect((h.eventsOf('DISCONNECT')[0] as WebSocketDisconnectEvent).requestContext.disconnectStatusCode).toBe(1009);
    expect(h.eventsOf('MESSAGE')).toHaveLength(1);
  });

  it('reports a close without status as AWS does', async () => {
    await start();
    const { client } = await connect(h);
    await client.close();
    await waitFor(() => h.eventsOf('DISCONNECT').length === 1);
    expect((h.eventsOf('DISCONNECT')[0] as WebSocketDisconnectEvent).requestContext).toMatchObject({
      disconnectStatusCode: 1005,
      disconnectReason: 'Client-side close frame status not set',
    });
  });
});
