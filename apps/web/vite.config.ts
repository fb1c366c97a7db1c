// `npm run dev`: hot reload on http://127.0.0.1:5174 (WEB_DEV_PORT) against the stack `npm start`
// runs (its API and WebSocket ports, API_PORT / WS_PORT, default 3001 / 3002, on 127.0.0.1 like
// every listener of the stack). A taken port stops it rather than moving. The dev server proxies both
// and answers /config.json with the proxied URLs, so the browser talks to one origin only
// and the API's CORS setting does not matter. `vite build` writes dist/, which `npm start`
// serves on :5173 with a generated /config.json (the deploy writes the same file to S3).
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type Rollup } from 'vite';
import { SESSION_KEY } from './src/session/session-store.ts';

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

/**
 * The chat is a chunk of its own (src/chat/lazy-parts.ts), so the login page carries none of it;
 * but a signed-in load would then fetch it only after the entry script ran: one more round trip
 * before the chat paints. A line in index.html starts it (and what it imports) at once, only
 * when a session is stored.
 */
function preloadChatWhenSignedIn(): Plugin {
  const chunksOf = (bundle: Rollup.OutputBundle, fileName: string, seen = new Set<string>()): string[] => {
    const chunk = bundle[fileName] as Rollup.OutputChunk | undefined;
    if (!chunk || chunk.type !== 'chunk' || chunk.isEntry || seen.has(fileName)) return [];
    seen.add(fileName);
    return [fileName, ...chunk.imports.flatMap((i: string) => chunksOf(bundle, i, seen))];
  };
  return {
    name: 'chat-preload-chat-when-signed-in',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        if (!bundle) return;
        const chat = Object.values(bundle).find(
          (c): c is Rollup.OutputChunk => c.type === 'chunk' && (c.facadeModuleId?.endsWith('/src/chat/ChatScreen.tsx') ?? false),
        );
        if (!chat) throw new Error('no ChatScreen chunk: src/chat/lazy-parts.ts no longer imports it apart');
        const files = chunksOf(bundle, chat.fileName).map((f) => `/${f}`);
        return [
          {
            tag: 'script',
            injectTo: 'head',
            children: `if(localStorage.getItem(${JSON.stringify(SESSION_KEY)})!==null)for(const href of ${JSON.stringify(files)})document.head.append(Object.assign(document.createElement('link'),{rel:'modulepreload',crossOrigin:'',href}))`,
          },
        ];
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), devConfigJson(), preloadChatWhenSignedIn()],
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
