// batchGetAll through its callers, over a stand-in that plays DynamoDB's throttling: the heads
// of rooms (the messages table: pk and sk) and public users (the users table: pk alone).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testDynamoEndpoint } from '@chat/local-runtime/vitest';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { BatchWriteCommand, execute } from 'dynamodb-toolbox/table/actions/batchWrite';
import { afterAll, expect, test } from 'vitest';
import { roomHeads } from './room-heads.ts';
import { publicUsers } from './user-directory.ts';
import { createUser } from './users.ts';
import { createTestDb } from './testing.ts';

/**
 * A real HTTP stand-in in front of DynamoDB Local that plays a throttled BatchGetItem: as
 * `withholding` says for the nth call, it moves every second item of an answer, or every item,
 * to UnprocessedKeys, as DynamoDB does with keys it did not get to. Everything else passes
 * through unchanged.
 */
type Withhold = 'none' | 'half' | 'all';
const upstream = testDynamoEndpoint();
let withholding: (call: number) => Withhold = () => 'none';
let batchGets = 0;
let withheld = 0;
const proxy = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    void (async () => {
      const answer = await fetch(new URL(req.url ?? '/', upstream), { method: req.method, headers: forwarded(req.headers), body });
      let text = await answer.text();
      if (req.headers['x-amz-target'] === 'DynamoDB_20120810.BatchGetItem' && answer.ok) {
        const withhold = withholding(++batchGets);
        if (withhold !== 'none') text = JSON.stringify(withholdItems(JSON.parse(body.toString()), JSON.parse(text), withhold));
      }
      // No x-amz-crc32: the body may have changed, and the SDK checks the header only when present.
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/x-amz-json-1.0' });
      res.end(text);
    })().catch((err: unknown) => res.writeHead(502).end(String(err)));
  });
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

function forwarded(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)) out[name] = value;
  }
  return out;
}

type AttributeMap = Record<string, Record<string, unknown>>;
interface BatchGetRequestBody {
  RequestItems: Record<string, { Keys: AttributeMap[] } & Record<string, unknown>>;
}
interface BatchGetResponseBody {
  Responses: Record<string, AttributeMap[]>;
  UnprocessedKeys?: Record<string, unknown>;
}

function withholdItems(request: BatchGetRequestBody, response: BatchGetResponseBody, withhold: 'half' | 'all'): BatchGetResponseBody {
  const unprocessed: Record<string, unknown> = {};
  for (const [table, items] of Object.entries(response.Responses)) {
    const held = items.filter((_, i) => withhold === 'all' || i % 2 === 1);
    const kept = items.filter((item) => !held.includes(item));
    if (held.length === 0) continue;
    withheld += held.length;
    response.Responses[table] = kept;
    unprocessed[table] = { ...request.RequestItems[table], Keys: held.map((item) => ({ pk: item.pk, sk: item.sk })) };
  }
  return { ...response, UnprocessedKeys: unprocessed };
}

const { port } = proxy.address() as AddressInfo;
const db = await createTestDb(`http://127.0.0.1:${port}`);

async function seed(prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const items = ids.flatMap((id, i) => [
    db.entities.Room.build(BatchPutRequest).item({ id, name: id, createdAt: 1, createdBy: 'u', kind: 'public' }),
    db.entities.RoomSeq.build(BatchPutRequest).item({ roomId: id, lastSeq: i }),
  ]);
  for (let i = 0; i < items.length; i += 25) {
    await execute({ maxAttempts: 10 }, db.tables.messages.build(BatchWriteCommand).requests(...items.slice(i, i + 25)));
  }
  return ids;
}

test('many rooms at 100 keys a call; a room never stored is absent, one without a counter has lastSeq 0', async () => {
  const ids = await seed('heads', 120);
  batchGets = 0;
  const heads = await roomHeads(db, [...ids, 'never-stored'], 4);
  // 121 rooms, two keys each: three calls.
  expect(batchGets).toBe(3);
  expect(heads.size).toBe(120);
  expect(heads.get('heads-7')).toMatchObject({ room: { id: 'heads-7', name: 'heads-7' }, lastSeq: 7 });
  expect(heads.get('never-stored')).toBeUndefined();
  await execute(db.tables.messages.build(BatchWriteCommand).requests(db.entities.Room.build(BatchPutRequest).item({ id: 'no-counter', name: 'n', createdAt: 1, createdBy: 'u' })));
  expect((await roomHeads(db, ['no-counter'], 1)).get('no-counter')?.lastSeq).toBe(0);
});

test('keys left unprocessed are asked for again until every one is answered', async () => {
  const ids = await seed('throttled', 130);
  batchGets = 0;
  withheld = 0;
  withholding = (call) => (call <= 6 ? 'half' : 'none');
  try {
    const heads = await roomHeads(db, ids, 2);
    expect(withheld).toBeGreaterThan(0);
    expect(batchGets).toBeGreaterThan(3);
    expect([...heads.keys()].sort()).toEqual([...ids].sort());
    expect(ids.every((id, i) => heads.get(id)?.lastSeq === i)).toBe(true);
  } finally {
    withholding = () => 'none';
  }
});

test('a BatchGetItem that never gets through fails with a clear error instead of answering rooms missing', async () => {
  const ids = await seed('stuck', 10);
  withholding = () => 'all';
  try {
    await expect(roomHeads(db, ids, 1)).rejects.toThrow(/unprocessed after 8 attempts/);
  } finally {
    withholding = () => 'none';
  }
});

test('a table without a sort key (users by id): keys left unprocessed are asked for again, every user answered once', async () => {
  const ids = Array.from({ length: 40 }, (_, i) => `bg-user-${i}`);
  for (const id of ids) await createUser(db, { id, email: `${id}@example.com`, username: id.replaceAll('-', '_'), passwordHash: 'h', createdAt: 1 });
  batchGets = 0;
  withheld = 0;
  withholding = (call) => (call <= 3 ? 'half' : 'none');
  try {
    const users = await publicUsers(db, [...ids, 'bg-user-missing']);
    expect(withheld).toBeGreaterThan(0);
    expect(batchGets).toBe(4);
    expect(users.map((u) => u.id).sort()).toEqual([...ids].sort());
  } finally {
    withholding = () => 'none';
  }
});

test('users that never get through fail the call rather than leave people out of a member list', async () => {
  await createUser(db, { id: 'bg-stuck', email: 'bg-stuck@example.com', username: 'bg_stuck', passwordHash: 'h', createdAt: 1 });
  withholding = () => 'all';
  try {
    await expect(publicUsers(db, ['bg-stuck'])).rejects.toThrow(/unprocessed after 8 attempts/);
  } finally {
    withholding = () => 'none';
  }
});
