import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { webBuildIsStale } from '../src/web-build.ts';
import { startWebServer, type WebServer } from '../src/web-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'chat-web-server-'));
// Big enough to be compressed (CloudFront's threshold is 1,000 bytes), and varied like code.
const bundle = Buffer.from(
  Array.from({ length: 400 }, (_, i) => `export function f${i}(a, b) { return a * ${i} + b.length; }\n`).join(''),
);
const stylesheet = Buffer.from(Array.from({ length: 200 }, (_, i) => `.c${i} { margin: ${i}px; color: #${(i * 4099).toString(16).padStart(6, '0').slice(0, 6)}; }\n`).join(''));
let server: WebServer;

beforeAll(async () => {
  mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>chat</title>');
  writeFileSync(join(dir, 'dist', 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'dist', 'assets', 'index-Bx3kq9_Z.js'), bundle);
  writeFileSync(join(dir, 'dist', 'assets', 'index-Qm7-Lp2a.css'), stylesheet);
  writeFileSync(join(dir, 'dist', 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(dir, 'dist', 'assets', 'photo-Ab12Cd34.png'), Buffer.alloc(4000, 7)); // compresses well, but is an image
  writeFileSync(join(dir, 'dist', 'favicon.svg'), '<svg/>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the build');
  server = await startWebServer({ dir: join(dir, 'dist'), port: 0, config: () => ({ apiUrl: 'http://localhost:1/trpc', wsUrl: 'ws://localhost:2' }) });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string) => fetch(`${server.url}${path}`);

/** A request with exactly the Accept-Encoding given (fetch adds its own) and the body as sent. */
function raw(path: string, acceptEncoding?: string, method = 'GET') {
  return new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the web server', () => {
  test('answers /config.json with the stack’s URLs, never cached', async () => {
    const res = await get('/config.json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ apiUrl: 'http://localhost:1/trpc', wsUrl: 'ws://localhost:2' });
  });

  test('serves files with their type; fingerprinted assets are cached for good, the rest revalidated', async () => {
    const js = await raw('/assets/index-Bx3kq9_Z.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.body.equals(bundle)).toBe(true);
    for (const path of ['/favicon.svg', '/assets/logo.svg', '/assets/index-abc123.js']) {
      expect((await raw(path)).headers['cache-control'], path).toBe('no-cache'); // no 8-character hash in the name
    }
    expect((await raw('/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
    for (const path of ['/', '/rooms/general']) expect((await raw(path)).headers['cache-control']).toBe('no-cache');
  });

  test('sends JS and CSS brotli- or gzip-compressed as the client accepts, and says it varies', async () => {
    for (const [path, original, type] of [
      ['/assets/index-Bx3kq9_Z.js', bundle, 'text/javascript; charset=utf-8'],
      ['/assets/index-Qm7-Lp2a.css', stylesheet, 'text/css; charset=utf-8'],
    ] as const) {
      const br = await raw(path, 'gzip, deflate, br');
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toBe('accept-encoding');
      expect(br.headers['content-type']).toBe(type);
      expect(Number(br.headers['content-length'])).toBe(br.body.length);
      expect(br.body.length).toBeLessThan(original.length);
      expect(brotliDecompressSync(br.body).equals(original)).toBe(true);

      const gz = await raw(path, 'gzip');
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers.vary).toBe('accept-encoding');
      expect(gz.body.length).toBeLessThan(original.length);
      expect(gunzipSync(gz.body).equals(original)).toBe(true);

      // q-values count: br refused, gzip wanted; nothing accepted gives the file as it is.
      expect((await raw(path, 'br;q=0, gzip;q=0.5')).headers['content-encoding']).toBe('gzip');
      for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
        const plain = await raw(path, accept);
        expect(plain.headers['content-encoding'], String(accept)).toBeUndefined();
        expect(plain.headers.vary).toBe('accept-encoding');
        expect(plain.body.equals(original)).toBe(true);
      }
    }
    const head = await raw('/assets/index-Bx3kq9_Z.js', 'br', 'HEAD');
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.body.length).toBe(0);
  });

  test('leaves small files and images uncompressed', async () => {
    const small = await raw('/assets/index-abc123.js', 'br, gzip');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.toString()).toBe('console.log(1)');
    const image = await raw('/assets/photo-Ab12Cd34.png', 'br, gzip');
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.headers.vary).toBeUndefined();
    expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(image.body.length).toBe(4000);
  });

  test('client-side routes get index.html; a missing asset is a 404', async () => {
    for (const path of ['/', '/rooms/general', '/rooms/a%20b']) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>chat</title>');
    }
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  test('nothing outside the build folder is served', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await get(path);
      expect(await res.text()).not.toContain('outside the build');
    }
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(405);
  });
});

test('a web build is stale when missing or older than a source file', () => {
  const web = join(dir, 'web');
  mkdirSync(join(web, 'src'), { recursive: true });
  writeFileSync(join(web, 'src', 'main.tsx'), 'x');
  expect(webBuildIsStale(web)).toBe(true);
  mkdirSync(join(web, 'dist'));
  writeFileSync(join(web, 'dist', 'index.html'), 'built');
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(web, 'src', 'main.tsx'), past, past);
  utimesSync(join(web, 'src'), past, past);
  expect(webBuildIsStale(web)).toBe(false);
  writeFileSync(join(web, 'src', 'main.tsx'), 'changed');
  expect(webBuildIsStale(web)).toBe(true);
});
