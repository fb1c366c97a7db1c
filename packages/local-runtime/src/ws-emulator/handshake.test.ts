import { GetConnectionCommand, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { createConnection } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWsEmulator } from './emulator.ts';
import { connect, type Harness, refusedStatus, rejectionOf, startHarness, TestClient, waitFor } from './test-support.ts';
import type { WebSocketConnectEvent } from './types.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.stop());

describe('the $connect handshake', () => {
  it('is refused with the status $connect answers, and nothing is connected', async () => {
    expect(await refusedStatus(h.emulator.url)).toBe(401);
    expect(h.eventsOf('CONNECT')).toHaveLength(1);
    expect(h.emulator.connectionIds()).toEqual([]);
    await h.emulator.close(); // waits for every handler invocation, a $disconnect included
    expect(h.eventsOf('DISCONNECT')).toHaveLength(0); // no $disconnect for a refused connection
  });

  it('is refused with 502 when $connect throws', async () => {
    h.hooks.onConnect = async () => {
      throw new Error('broken');
    };
    expect(await refusedStatus(`${h.emulator.url}/?token=t`)).toBe(502);
    expect(h.emulator.connectionIds()).toEqual([]);
  });

  it('completes when $connect answers 2xx, with headers, query and identity in the event', async () => {
    const { client, id } = await connect(h, '?token=abc&room=r1&room=r2');
    const event = h.eventsOf('CONNECT')[0] as WebSocketConnectEvent;
    expect(event.requestContext).toMatchObject({
      routeKey: '$connect',
      eventType: 'CONNECT',
      messageDirection: 'IN',
      stage: 'local',
      domainName: 'localhost',
      connectionId: id,
      identity: { sourceIp: '127.0.0.1', userAgent: 'emulator-test/1.0' },
    });
    expect(event.queryStringParameters).toEqual({ token: 'abc', room: 'r2' });
    expect(event.multiValueQueryStringParameters).toEqual({ token: ['abc'], room: ['r1', 'r2'] });
    expect(event.headers['User-Agent']).toBe('emulator-test/1.0');
    expect(event.multiValueHeaders.Upgrade).toEqual(['websocket']);
    expect(event.isBase64Encoded).toBe(false);
    expect(id).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    await client.close();
  });

  it('makes the connection postable only after $connect has returned', async () => {
    const seen: { name?: string; status?: number }[] = [];
    h.hooks.onConnect = async (event) => {
      const ConnectionId = event.requestContext.connectionId;
      for (const command of [new PostToConnectionCommand({ ConnectionId, Data: 'early' }), new GetConnectionCommand({ ConnectionId })]) {
        const err = await rejectionOf(h.sdk.send(command as PostToConnectionCommand));
        seen.push({ name: err.name, status: err.$metadata?.httpStatusCode });
      }
    };
    const { client, id } = await connect(h);
    expect(seen).toEqual([
      { name: 'GoneException', status: 410 },
      { name: 'GoneException', status: 410 },
    ]);
    await h.sdk.send(new PostToConnectionCommand({ ConnectionId: id, Data: 'now' }));
    expect(await client.frame(0)).toBe('now');
    await client.close();
  });

  it('keeps serving other connections while one $connect is slow', async () => {
    let release = () => {};
    h.hooks.onConnect = async (event) => {
      if (event.queryStringParameters?.slow) await new Promise<void>((resolve) => (release = resolve));
    };
    const slow = TestClient.open(`${h.emulator.url}/?token=t&slow=1`);
    await waitFor(() => h.eventsOf('CONNECT').length === 1);
    const { client } = await connect(h);
    client.send('hello');
    expect(JSON.parse(await client.frame(0))).toMatchObject({ body: 'hello' });
    release();
    const late = await slow;
    await Promise.all([client.close(), late.close()]);
  });

  it('agrees a subprotocol only when $connect answers Sec-WebSocket-Protocol', async () => {
    const emulator = await startWsEmulator({
      routeKeys: [],
      handler: async () => ({ statusCode: 200, headers: { 'Sec-WebSocket-Protocol': 'chat.v1' } }),
    });
    const client = await TestClient.open(emulator.url, {}, ['chat.v1', 'other']);
    expect(client.socket.protocol).toBe('chat.v1');
    await client.close();
    await emulator.close();

    const silent = await startWsEmulator({ routeKeys: [], handler: async () => ({ statusCode: 200 }) });
    await expect(TestClient.open(silent.url, {}, ['chat.v1'])).rejects.toThrow(/subprotocol/);
    await silent.close();
  });

  it('refuses upgrades that are not WebSocket, and survives garbage', async () => {
    const h2c = await rawExchange(h.emulator.port, 'GET /?token=t HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n');
    expect(h2c).toMatch(/^HTTP\/1.1 400 /);
    const junk = await rawExchange(h.emulator.port, '\x00\xff not http at all\r\n\r\n');
    expect(junk).toMatch(/^HTTP\/1.1 400 /);
    expect(h.eventsOf('CONNECT')).toHaveLength(0);
    expect(await refusedStatus(h.emulator.url)).toBe(401); // still serving
  });
});

/** Writes raw bytes to the port and returns what comes back before the server hangs up. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => socket.write(request, 'latin1'));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}
