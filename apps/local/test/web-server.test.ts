import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { webBuildIsStale } from '../src/web-build.ts';
import { startWebServer, type WebServer } from '../src/web-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'chat-web-server-'));
let server: WebServer;

beforeAll(async () => {
  mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>chat</title>');
  writeFileSync(join(dir, 'dist', 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'dist', 'favicon.svg'), '<svg/>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the build');
  server = await startWebServer({ dir: join(dir, 'dist'), port: 0, config: () => ({ apiUrl: 'http://localhost:1/trpc', wsUrl: 'ws://localhost:2' }) });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string) => fetch(`${server.url}${path}`);

describe('the web server', () => {
  test('answers /config.json with the stack’s URLs, never cached', async () => {
    const res = await get('/config.json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ apiUrl: 'http://localhost:1/trpc', wsUrl: 'ws://localhost:2' });
  });

  test('serves files with their type; fingerprinted assets are cached for good', async () => {
    const js = await get('/assets/index-abc123.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(await js.text()).toBe('console.log(1)');
    const svg = await get('/favicon.svg');
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('cache-control')).toBe('no-cache');
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
