// npm run cli: the terminal chat. Keys on a terminal; lines from a pipe otherwise.
import { createInterface } from 'node:readline';
import { createChatClient } from '@chat/client';
import { render } from 'ink';
import WebSocket from 'ws';
import { transcriptLogger } from './diagnostics.ts';
import { readConfig } from './env.ts';
import { unreachableMessage } from './errors.ts';
import { feedLines } from './line-input.ts';
import { serverAnswers } from './reachability.ts';
import { createSession } from './session.ts';
import { App } from './ui/App.tsx';

const config = readConfig(process.argv.slice(2), process.env);
if (!config.ok) {
  (config.help ? process.stdout : process.stderr).write(`${config.error}\n`);
  process.exit(config.help ? 0 : 2);
}
const { apiUrl, wsUrl } = config.config;

if (!(await serverAnswers(apiUrl))) {
  process.stderr.write(`${unreachableMessage(apiUrl)}\n`);
  process.exit(1);
}

// What the SDK reports while reconnecting goes in the transcript, as one line without a stack.
const logger = transcriptLogger((line) => session.report(line));
const client = createChatClient({ apiUrl, wsUrl, WebSocket, logger });
const session = createSession(client, { apiUrl });
// Keys need raw mode, which only a terminal has; piped lines are read as lines.
const typing = Boolean(process.stdin.isTTY);
const ink = render(<App session={session} typing={typing} />, {
  // A chat on a terminal is interactive wherever it runs (Ink would not redraw under CI=true).
  interactive: Boolean(process.stdout.isTTY),
  exitOnCtrlC: true,
  patchConsole: false, // the SDK reports through `logger`, into the transcript
});
if (!typing) feedLines(createInterface({ input: process.stdin, crlfDelay: Infinity }), session);

// /quit, an unreachable server (the session's code), or Ctrl+C (Ink's exit: 0).
const code = await Promise.race([session.done, ink.waitUntilExit().then(() => 0)]);
ink.unmount();
await ink.waitUntilExit();
client.close();
process.exit(code);
