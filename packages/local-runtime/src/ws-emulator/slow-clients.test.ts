import { PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Harness, rejectionOf, startHarness, waitFor } from './test-support.ts';
import type { WebSocketDisconnectEvent } from './types.ts';

let h: Harness | undefined;
afterEach(() => h?.stop());

describe('a client that stops reading', () => {
  it('is cut once its unsent data passes the bound, with a $disconnect and a log line', async () => {
    const lines: string[] = [];
    const debugLines: string[] = [];
    const maxBufferedBytes = 256 * 1024;
    h = await startHarness({ maxBufferedBytes, log: (line) => lines.push(line), debug: (line) => debugLines.push(line) });
    const harness = h;
    const reader = await connect(harness);
    const paused = await connect(harness);
    paused.client.socket.pause(); // TCP stays open; nothing is read any more

    // 64 KB posts until one is refused: first the kernel's buffers fill, then the emulator's.
    const frame = 'x'.repeat(64 * 1024);
    const post = (id: string) => harness.sdk.send(new PostToConnectionCommand({ ConnectionId: id, Data: frame }));
    let delivered = 0;
    for (;;) {
      const refused = await post(paused.id).then(
        () => false,
        (err: unknown) => err,
      );
      if (refused) {
        expect((refused as Error).name).toBe('GoneException');
        break;
      }
      delivered++;
      if (delivered > 4000) throw new Error('never cut (250 MB posted)');
    }
    expect(delivered).toBeGreaterThan(maxBufferedBytes / frame.length);

    expect(harness.emulator.connectionIds()).toEqual([reader.id]);
    await waitFor(() => harness.eventsOf('DISCONNECT').length === 1);
    expect((harness.eventsOf('DISCONNECT')[0] as WebSocketDisconnectEvent).requestContext).toMatchObject({
      connectionId: paused.id,
      disconnectStatusCode: 1008,
      disconnectReason: 'Client is not reading: too much unsent data',
    });
    expect(lines).toContain(`closed a connection that stopped reading (over ${maxBufferedBytes} bytes unsent)`);
    // The id is in debug lines only.
    expect(lines.some((line) => line.includes(paused.id))).toBe(false);
    expect(debugLines).toContain(`closed ${paused.id}: it stopped reading`);
    expect((await rejectionOf(post(paused.id))).name).toBe('GoneException');

    // The client that reads is untouched; the paused one finds its socket gone once it reads again.
    await post(reader.id);
    expect(await reader.client.frame(0)).toBe(frame);
    expect(reader.client.socket.readyState).toBe(WebSocket.OPEN);
    paused.client.socket.resume();
    expect((await paused.client.closed).code).toBe(1006);
    await reader.client.close();
  });
});
