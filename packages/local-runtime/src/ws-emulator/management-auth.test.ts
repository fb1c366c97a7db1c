import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, type Harness, rejectionOf, startHarness } from './test-support.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.stop());

const clients: ApiGatewayManagementApiClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

/** An SDK client signing with these credentials and clock offset, without retries. */
function signer(credentials = { accessKeyId: 'local', secretAccessKey: 'local' }, systemClockOffset = 0) {
  const client = new ApiGatewayManagementApiClient({
    endpoint: h.emulator.managementEndpoint,
    region: 'us-east-1',
    credentials,
    systemClockOffset,
    maxAttempts: 1,
  });
  clients.push(client);
  return client;
}

const post = (client: ApiGatewayManagementApiClient, id: string, data: string) =>
  client.send(new PostToConnectionCommand({ ConnectionId: id, Data: data }));

/** The victim is untouched: still open, no $disconnect, and the next frame it gets is a signed post's. */
async function expectUntouched(victim: Awaited<ReturnType<typeof connect>>) {
  expect(victim.client.socket.readyState).toBe(WebSocket.OPEN);
  expect(h.emulator.connectionIds()).toContain(victim.id);
  expect(h.eventsOf('DISCONNECT')).toHaveLength(0);
  await post(h.sdk, victim.id, 'signed');
  expect(await victim.client.frame(0)).toBe('signed');
  expect(victim.client.frames).toEqual(['signed']);
}

async function expectRefused(err: { name: string; message: string; $metadata: { httpStatusCode?: number } }, name: string) {
  expect(err.name).toBe(name);
  expect(err.$metadata.httpStatusCode).toBe(403);
}

describe('the management API verifies SigV4 signatures', () => {
  it('refuses unsigned POST, GET and DELETE with 403 and does nothing', async () => {
    const victim = await connect(h);
    const url = `${h.emulator.managementEndpoint}/@connections/${encodeURIComponent(victim.id)}`;
    for (const method of ['POST', 'GET', 'DELETE']) {
      const res = await fetch(url, { method, ...(method === 'POST' && { body: '{"type":"message","text":"forged"}' }) });
      expect(res.status).toBe(403);
      expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
      // Nothing about the connection: AWS's sentence only.
      expect(await res.json()).toEqual({ message: 'Missing Authentication Token' });
    }
    // What a cross-site form post looks like: no signature, a form body, another origin.
    const form = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
      body: 'text=forged',
    });
    expect(form.status).toBe(403);
    await expectUntouched(victim);
  });

  it('refuses a wrong secret, an unknown access key, a stale or future date, and a tampered request', async () => {
    const victim = await connect(h);
    await expectRefused(await rejectionOf(post(signer({ accessKeyId: 'local', secretAccessKey: 'guess' }), victim.id, 'x')), 'InvalidSignatureException');
    await expectRefused(
      await rejectionOf(signer({ accessKeyId: 'local', secretAccessKey: 'guess' }).send(new DeleteConnectionCommand({ ConnectionId: victim.id }))),
      'InvalidSignatureException',
    );
    await expectRefused(
      await rejectionOf(signer({ accessKeyId: 'other', secretAccessKey: 'local' }).send(new GetConnectionCommand({ ConnectionId: victim.id }))),
      'UnrecognizedClientException',
    );
    const stale = await rejectionOf(post(signer(undefined, -6 * 60_000), victim.id, 'x'));
    await expectRefused(stale, 'InvalidSignatureException');
    expect(stale.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    const future = await rejectionOf(post(signer(undefined, 6 * 60_000), victim.id, 'x'));
    await expectRefused(future, 'InvalidSignatureException');
    expect(future.message).toMatch(/^Signature not yet current/);

    // A correctly signed request changed on the way: another body, or another connection's path.
    const tampering = signer();
    const change: { body?: string; path?: string } = {};
    tampering.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body?: unknown; path: string };
        if (change.body !== undefined) request.body = change.body;
        if (change.path !== undefined) request.path = change.path;
        return next(args);
      },
      { step: 'deserialize', name: 'tamperAfterSigning' }, // runs after the signer, right before sending
    );
    change.body = 'FORGE';
    await expectRefused(await rejectionOf(post(tampering, victim.id, 'hello')), 'InvalidSignatureException');
    delete change.body;
    change.path = `/@connections/${encodeURIComponent(victim.id)}`;
    await expectRefused(await rejectionOf(post(tampering, 'SomeoneElse0000=', 'hello')), 'InvalidSignatureException');

    await expectUntouched(victim);
  });

  it('serves requests signed with the local credentials (at most 5 minutes off)', async () => {
    const victim = await connect(h);
    await post(signer(undefined, -4 * 60_000), victim.id, 'a bit behind');
    expect(await victim.client.frame(0)).toBe('a bit behind');
    const info = await signer().send(new GetConnectionCommand({ ConnectionId: victim.id }));
    expect(info.Identity?.SourceIp).toBe('127.0.0.1');
    await signer().send(new DeleteConnectionCommand({ ConnectionId: victim.id }));
    expect((await victim.client.closed).code).toBe(1000);
  });

  it('accepts only the credentials it was given', async () => {
    const own = await startHarness({ credentials: { accessKeyId: 'AKIDLOCALSTACK', secretAccessKey: 'stack-secret' } });
    try {
      const victim = await connect(own);
      // The harness's own client signs with the default local credentials: refused here.
      await expectRefused(await rejectionOf(own.sdk.send(new GetConnectionCommand({ ConnectionId: victim.id }))), 'UnrecognizedClientException');
      const client = new ApiGatewayManagementApiClient({
        endpoint: own.emulator.managementEndpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIDLOCALSTACK', secretAccessKey: 'stack-secret' },
      });
      clients.push(client);
      await client.send(new PostToConnectionCommand({ ConnectionId: victim.id, Data: 'hi' }));
      expect(await victim.client.frame(0)).toBe('hi');
    } finally {
      await own.stop();
    }
  });
});
