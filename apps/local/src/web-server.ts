// Serves the web app's production build the way S3 + CloudFront do on AWS: static files,
// index.html for every other path (the app routes on the client), and /config.json, which
// tells the one build where this environment's API and WebSocket are. Text files go out
// compressed (brotli or gzip, as the client accepts), fingerprinted assets cached for good.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, resolve, sep } from 'node:path';
import { CompressedFiles, isCompressible, minCompressBytes, negotiate } from './compression.ts';

/** What the web app reads from /config.json at startup. */
export interface WebRuntimeConfig {
  apiUrl: string;
  wsUrl: string;
}

export interface WebServerOptions {
  /** The production build (the folder with index.html). */
  dir: string;
  /** 0 picks a free port. */
  port: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Read on every request of /config.json. */
  config: () => WebRuntimeConfig;
}

export interface WebServer {
  port: number;
  /** http://localhost:<port> */
  url: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const notBuilt = `<!doctype html><meta charset="utf-8"><title>Serverless Chat</title>
<p style="font:16px system-ui;margin:3rem">The web app has not been built yet: run <code>npm run build -w @chat/web</code>, or restart <code>npm start</code>, which builds it.</p>`;

/** Vite's output name under assets/: `<name>-<8-character hash>.<ext>`. */
const fingerprinted = /^[^/]+-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$/;

async function fileAt(path: string): Promise<{ path: string; size: number; version: string } | null> {
  try {
    const info = await stat(path);
    return info.isFile() ? { path, size: info.size, version: `${info.size}:${info.mtimeMs}` } : null;
  } catch {
    return null;
  }
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const root = resolve(options.dir);
  const indexHtml = join(root, 'index.html');
  const assetsDir = join(root, 'assets') + sep;
  const compressed = new CompressedFiles();

  function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string, cache = 'no-cache') {
    res.writeHead(status, { 'content-type': type, 'cache-control': cache, 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      send(req, res, 400, 'text/plain; charset=utf-8', 'Bad request');
      return;
    }
    if (pathname === '/config.json') {
      send(req, res, 200, contentTypes['.json']!, JSON.stringify(options.config()), 'no-store');
      return;
    }

    const candidate = resolve(root, `.${pathname}`);
    const inside = candidate === root || candidate.startsWith(root + sep);
    let file = inside && !pathname.includes('\0') ? await fileAt(candidate) : null;
    // Client-side routes (no file extension) get the app; a missing asset is a real 404.
    if (!file && inside && extname(pathname) === '') file = await fileAt(indexHtml);
    if (!file) {
      if (!(await fileAt(indexHtml))) send(req, res, 503, contentTypes['.html']!, notBuilt);
      else send(req, res, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }
    const extension = extname(file.path).toLowerCase();
    const hashed = file.path.startsWith(assetsDir) && fingerprinted.test(basename(file.path));
    const negotiable = isCompressible(extension) && file.size >= minCompressBytes;
    const encoding = negotiable ? negotiate(req.headers['accept-encoding']) : null;
    const body = encoding ? await compressed.get(file.path, file.version, encoding) : null;
    res.writeHead(200, {
      'content-type': contentTypes[extension] ?? 'application/octet-stream',
      'content-length': body?.length ?? file.size,
      // Vite fingerprints what it writes under assets/: a new build has new names. The rest
      // (index.html first) is revalidated on every load.
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
      ...(encoding && { 'content-encoding': encoding }),
      ...(negotiable && { vary: 'accept-encoding' }),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    if (body) {
      res.end(body);
      return;
    }
    createReadStream(file.path)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://localhost:${port}`,
    close: () =>
      new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
