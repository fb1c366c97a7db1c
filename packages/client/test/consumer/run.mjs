// An outside program in plain JavaScript, run by plain `node` from a project that has only the
// packed @chat/client, @trpc/client and ws installed. Steps are JSON lines on stdout; the test
// that runs it takes the WebSocket side down on "drop" (answering "down" on stdin) and brings it
// back on "restore" (answering "up").
//   node run.mjs <apiUrl> <wsUrl>
/* global process, console -- Node's, for a plain script the lint config does not know */
import { createInterface } from 'node:readline';
import { createChatClient } from '@chat/client';

const [apiUrl, wsUrl] = process.argv.slice(2);
// Node 22+ has a global WebSocket; Node 20 takes the `ws` package's.
const WebSocket = globalThis.WebSocket ?? (await import('ws')).WebSocket;
const via = globalThis.WebSocket ? 'global WebSocket' : 'ws';

const say = (step, data = {}) => console.log(JSON.stringify({ step, ...data }));
const stdin = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function heard(word) {
  const { value } = await stdin.next();
  if (value?.trim() !== word) throw new Error(`expected "${word}" on stdin, got ${JSON.stringify(value)}`);
}

const tag = `${process.version.slice(1).split('.')[0]}x${Date.now().toString(36)}`;
const account = (name) => ({ email: `${name}${tag}@example.com`, password: 'correct horse battery', username: `${name}${tag}` });
const open = () => createChatClient({ apiUrl, wsUrl, WebSocket });

const alice = open();
const bob = open();
await alice.signup(account('alice'));
await bob.signup(account('bob'));
const room = await alice.rooms.create({ name: `pack test ${tag}` });
await bob.rooms.join(room.id);
say('joined', { via, node: process.version });

const joined = new Promise((resolve) => {
  const off = bob.on('joined', (event) => event.roomId === room.id && (off(), resolve()));
});
const live = bob.live(room.id);
await joined;

/** Bob's next messages, until these states (id@seq) are all in; fails on a duplicate. */
const received = [];
async function receive(...expected) {
  const missing = new Set(expected.map((m) => `${m.id}@${m.seq}`));
  while (missing.size) {
    const { value, done } = await live.next();
    if (done) throw new Error('live ended early');
    const key = `${value.id}@${value.seq}`;
    if (received.includes(key)) throw new Error(`received ${key} twice`);
    received.push(key);
    missing.delete(key);
  }
}

const hello = await alice.send(room.id, 'hello from a packed SDK');
await receive(hello);
say('received', { text: hello.text });
const edited = await alice.edit(room.id, hello.id, 'hello, edited');
await receive(edited);
say('edited', { text: edited.text });

say('drop');
await heard('down');
const editedWhileDown = await alice.edit(room.id, hello.id, 'edited while the socket was down');
const sentWhileDown = alice.send(room.id, 'sent while the socket was down');
say('restore');
await heard('up');
const queued = await sentWhileDown;
await receive(editedWhileDown, queued);
const after = await alice.send(room.id, 'after the resume');
await receive(after);

const history = [];
for await (const message of bob.history(room.id, { pageSize: 1 })) history.push(message.text);
alice.close();
bob.close();
say('done', { received: received.length, history });
process.exit(0);
