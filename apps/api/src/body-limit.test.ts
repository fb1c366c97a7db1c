// Bodies over 1 MB answer 413 before they are read to the end and parsed.
import { expect, test } from 'vitest';
import { MAX_BODY_BYTES } from './app.ts';
import { createTestApp } from './testing.ts';

const { app } = await createTestApp();
const MB = 1024 * 1024;

/** A JSON body of `bytes` bytes, streamed in 64 KB chunks with no content-length; counts what was pulled. */
function chunkedJson(bytes: number) {
  const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) {
        controller.enqueue(new TextEncoder().encode('{"email":"'));
        sent += 10;
      } else if (sent < bytes) {
        controller.enqueue(chunk);
        sent += chunk.length;
      } else {
        controller.enqueue(new TextEncoder().encode('","password":"x"}'));
        controller.close();
      }
    },
  });
  return { stream, pulled: () => sent };
}

test('the limit is 1 MB', () => {
  expect(MAX_BODY_BYTES).toBe(MB);
});

test('a 5 MB JSON body with its content-length answers 413 in tRPC’s error shape', async () => {
  const body = JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(5 * MB) });
  const res = await app.request('/trpc/auth.login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
    body,
  });
  expect(res.status).toBe(413);
  expect(await res.json()).toEqual({
    error: { message: 'The request body is over 1 MB', code: -32013, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } },
  });
});

test('a chunked body with no content-length is cut off at the limit: 413, the rest never read', async () => {
  const { stream, pulled } = chunkedJson(8 * MB);
  const res = await app.request('/trpc/auth.login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: stream,
    duplex: 'half',
  } as RequestInit);
  expect(res.status).toBe(413);
  expect(pulled()).toBeLessThan(2 * MB);
});

test('a body just under the limit still reaches tRPC (which answers its own 400 for the input)', async () => {
  const { stream } = chunkedJson(MB - 64 * 1024 - 100);
  const res = await app.request('/trpc/auth.login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: stream,
    duplex: 'half',
  } as RequestInit);
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { data: { code: string } } }).error.data.code).toBe('BAD_REQUEST');
});

test('an answer of 413 still carries the CORS headers, so the web app can read it', async () => {
  const res = await app.request('/trpc/auth.login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(2 * MB), origin: 'http://localhost:5173' },
    body: 'x'.repeat(2 * MB),
  });
  expect(res.status).toBe(413);
  expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
});
