// The events the emulator builds against events AWS sent (packages/local-runtime/fixtures/aws-events/):
// same field names, nesting and value types.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Harness, startHarness, waitFor } from './test-support.ts';
import type { WebSocketEvent } from './types.ts';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/aws-events/${name}`, import.meta.url), 'utf8'));

/** Fields AWS sends that a fixture happens not to show (a CONNECT's identity carries userAgent when the client sent one). */
const allowedExtras = new Set(['requestContext.identity.userAgent']);
/** Maps whose keys are data (header and parameter names), not structure: only value types are compared. */
const maps: Record<string, 'string' | 'string[]'> = {
  headers: 'string',
  multiValueHeaders: 'string[]',
  queryStringParameters: 'string',
  multiValueQueryStringParameters: 'string[]',
};

const kind = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);

function differences(expected: unknown, actual: unknown, path = ''): string[] {
  if (kind(expected) !== kind(actual)) return [`${path || '(root)'}: ${kind(actual)} instead of ${kind(expected)}`];
  if (kind(expected) !== 'object') return [];
  const want = expected as Record<string, unknown>;
  const got = actual as Record<string, unknown>;
  const found: string[] = [];
  for (const key of Object.keys(want)) {
    const at = path ? `${path}.${key}` : key;
    if (!(key in got)) found.push(`${at}: missing`);
    else if (!path && key in maps) found.push(...mapDifferences(got[key], maps[key] as string, at));
    else found.push(...differences(want[key], got[key], at));
  }
  for (const key of Object.keys(got)) {
    const at = path ? `${path}.${key}` : key;
    if (!(key in want) && !allowedExtras.has(at)) found.push(`${at}: not in the AWS event`);
  }
  return found;
}

function mapDifferences(map: unknown, valueType: string, path: string): string[] {
  if (kind(map) !== 'object') return [`${path}: ${kind(map)} instead of object`];
  return Object.entries(map as Record<string, unknown>)
    .filter(([, v]) => (valueType === 'string' ? typeof v !== 'string' : !Array.isArray(v) || v.some((s) => typeof s !== 'string')))
    .map(([k]) => `${path}.${k}: not a ${valueType}`);
}

let h: Harness;
afterEach(() => h.stop());

async function recordedEvents(): Promise<Record<'CONNECT' | 'MESSAGE' | 'DISCONNECT', WebSocketEvent>> {
  h = await startHarness();
  const { client } = await connect(h, '?token=t&QueryString1=queryValue1');
  client.send('{\r\n\t"a": 1\r\n}');
  await client.frame(0);
  await client.close(1001);
  await waitFor(() => h.eventsOf('DISCONNECT').length === 1);
  const first = (type: WebSocketEvent['requestContext']['eventType']) => h.eventsOf(type)[0] as WebSocketEvent;
  return { CONNECT: first('CONNECT'), MESSAGE: first('MESSAGE'), DISCONNECT: first('DISCONNECT') };
}

describe('event fidelity', () => {
  it('builds CONNECT, MESSAGE and DISCONNECT with the fields and types AWS sends', async () => {
    const events = await recordedEvents();
    expect(differences(fixture('websocket-connect.json'), events.CONNECT)).toEqual([]);
    expect(differences(fixture('websocket-message.json'), events.MESSAGE)).toEqual([]);
    expect(differences(fixture('websocket-disconnect.json'), events.DISCONNECT)).toEqual([]);

    // The values look like AWS's too.
    for (const event of Object.values(events)) {
      const rc = event.requestContext;
      expect(rc.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
      expect(Math.abs(rc.requestTimeEpoch - Date.now())).toBeLessThan(60_000);
      expect(rc.connectedAt).toBeLessThanOrEqual(rc.requestTimeEpoch);
      expect(rc.requestId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
      expect(rc.apiId).toMatch(/^[a-z0-9]{10}$/);
    }
    // A DISCONNECT carries the same four headers as on AWS.
    expect(Object.keys((events.DISCONNECT as { headers: object }).headers)).toEqual(
      Object.keys(fixture('websocket-disconnect.json').headers as object),
    );
  });

  it('finds a difference when there is one (the comparison itself works)', () => {
    const aws = fixture('websocket-message.json');
    const broken = structuredClone(aws) as { requestContext: Record<string, unknown> };
    broken.requestContext.connectedAt = String(broken.requestContext.connectedAt);
    delete broken.requestContext.messageId;
    broken.requestContext.extra = 1;
    expect(differences(aws, broken)).toEqual([
      'requestContext.messageId: missing',
      'requestContext.connectedAt: string instead of number',
      'requestContext.extra: not in the AWS event',
    ]);
  });
});
