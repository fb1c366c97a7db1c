// `npm run dev`: hot reload on http://localhost:5174 against the stack `npm start` runs (its API
// and WebSocket ports, API_PORT / WS_PORT, default 3001 / 3002). The dev server proxies both
// and answers /config.json with the proxied URLs, so the browser talks to one origin only
// and the API's CORS setting does not matter. `vite build` writes dist/, which `npm start`
// serves on :5173 with a generated /config.json (the deploy writes the same file to S3).
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const apiPort = process.env.API_PORT || '3001';
const wsPort = process.env.WS_PORT || '3002';

function devConfigJson(): Plugin {
  return {
    name: 'chat-dev-config-json',
    configureServer(server) {
      server.middlewares.use('/config.json', (req, res) => {
        const host = req.headers.host ?? 'localhost:5174';
        res.setHeader('content-type', 'application/json');
        res.setHeader('cache-control', 'no-store');
        res.end(JSON.stringify({ apiUrl: `http://${host}/trpc`, wsUrl: `ws://${host}/ws` }));
      });
    },
  };
}

/**
 * The contract's index also exports the tRPC router (for the server); the app imports only its
 * type. The production build drops it by tree-shaking (see `treeshake` below); the dev server
 * does not tree-shake, and @trpc/server refuses to initialise in a browser, so in dev the
 * router and its tRPC instance are replaced by empty stand-ins.
 */
function contractWithoutServer(): Plugin {
  const stub = '\0chat-contract-server-stub';
  return {
    name: 'chat-contract-without-server',
    apply: 'serve',
    enforce: 'pre',
    resolveId(source, importer) {
      const fromContractIndex = importer !== undefined && /[\\/]packages[\\/]contract[\\/]src[\\/]index\.ts$/.test(importer);
      if (fromContractIndex && (source === './trpc.ts' || source === './router/index.ts')) return stub;
      return undefined;
    },
    load(id) {
      if (id !== stub) return undefined;
      return 'export const appRouter = undefined, createCallerFactory = undefined, fieldErrorsOf = undefined, FieldIssues = undefined;';
    },
  };
}

export default defineConfig({
  plugins: [react(), devConfigJson(), contractWithoutServer()],
  server: {
    port: 5174,
    proxy: {
      '/trpc': { target: `http://localhost:${apiPort}`, changeOrigin: true },
      '/ws': { target: `ws://localhost:${wsPort}`, ws: true, rewrite: (path) => path.replace(/^\/ws\/?/, '/') },
    },
  },
  build: {
    target: 'es2022',
    // No .map files in dist: it is what the deploy uploads to the public bucket.
    sourcemap: false,
  },
});
