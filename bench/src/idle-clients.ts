// Child process for the connections benchmark: opens COUNT idle clients to URL_BASE (each with
// its own token from TOKENS, a JSON file), reports the connect rate and errors, then waits.
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

const [url, tokensFile, countArg] = process.argv.slice(2);
const tokens = JSON.parse(readFileSync(tokensFile!, 'utf8')) as string[];
const count = Number(countArg);
const sockets: WebSocket[] = [];
let errors = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (next < count) {
      const i = next++;
      await new Promise<void>((resolve) => {
        const ws = new WebSocket(`${url}?token=${tokens[i % tokens.length]}`, { perMessageDeflate: false });
        ws.once('open', () => (sockets.push(ws), resolve()));
        ws.once('error', () => (errors++, resolve()));
      });
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
process.send!({ opened: sockets.length, errors, perSecond: sockets.length / seconds });
process.on('message', () => {
  for (const s of sockets) s.terminate();
  process.exit(0);
});
