// `npm run dev`: hot reload on http://127.0.0.1:5174 (WEB_DEV_PORT) against the stack `npm start`
// runs (its API and WebSocket ports, API_PORT / WS_PORT, default 3001 / 3002, on 127.0.0.1 like
// every listener of the stack). A taken port stops it rather than moving. The dev server proxies both
// and answers /config.json with the proxied URLs, so the browser talks to one origin only
// and the API's CORS setting does not matter. `vite build` writes dist/, which `npm start`
// serves on :5173 with a generated /config.json (the deploy writes the same file to S3).
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const apiPort = process.env.API_PORT || '3001';
const wsPort = process.env.WS_PORT || '3002';
const devPort = Number(process.env.WEB_DEV_PORT || '5174');
// The stack listens on 127.0.0.1 only; `localhost` may resolve to ::1 first, where nothing listens.
const stackHost = '127.0.0.1';

function devConfigJson(): Plugin {
  return {
    name: 'chat-dev-config-json',
    configureServer(server) {
      server.middlewares.use('/config.json', (req, res) => {
        const host = req.headers.host ?? `localhost:${devPort}`;
        res.setHeader('content-type', 'application/json');
        res.setHeader('cache-control', 'no-store');
        res.end(JSON.stringify({ apiUrl: `http://${host}/trpc`, wsUrl: `ws://${host}/ws` }));
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), devConfigJson()],
  server: {
    host: stackHost,
    port: devPort,
    strictPort: true,
    proxy: {
      '/trpc': { target: `http://${stackHost}:${apiPort}`, changeOrigin: true },
      '/ws': { target: `ws://${stackHost}:${wsPort}`, ws: true, rewrite: (path) => path.replace(/^\/ws\/?/, '/') },
    },
  },
  build: {
    target: 'es2022',
    // No .map files in dist: it is what the deploy uploads to the public bucket.
    sourcemap: false,
  },
});
