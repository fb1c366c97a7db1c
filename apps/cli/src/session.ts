// The chat session behind the screens: what each typed line does in each step (log in, pick a
// room, chat), on the SDK's ChatClient. Ink only shows `store` and hands lines to `submit`.
import type { ChatClient } from '@chat/client';
import { commandHelp, parseCommand, type Command } from './commands.ts';
import { describeError, errorCode, isUnreachable, unreachableMessage } from './errors.ts';
import { roomListLines, roomTitle, statusChangeLine, type Tone } from './format.ts';
import { findTarget } from './messages.ts';
import { openRoomView, type RoomView } from './room-view.ts';
import type { ConnectionStatus, Room, RoomSummary, User } from './sdk-types.ts';
import { createStore, type Store } from './store.ts';

export type Step =
  | { name: 'choose' }
  | { name: 'email'; mode: 'login' | 'signup' }
  | { name: 'username'; email: string }
  | { name: 'password'; mode: 'login' | 'signup'; email: string; username?: string }
  | { name: 'pick' }
  | { name: 'chat' }
  | { name: 'done' };

export type { Tone };
export interface LogLine {
  id: number;
  text: string;
  tone: Tone;
}

export interface SessionState {
  step: Step;
  /** A request in flight (the prompt waits). */
  busy: boolean;
  status: ConnectionStatus;
  user: User | null;
  /** The open room's title (`#general`, `@ann`). */
  room: string | null;
  /** Lines printed once, in order (Ink's <Static>). */
  log: LogLine[];
}

export function promptOf(step: Step): { label: string; secret: boolean } {
  switch (step.name) {
    case 'choose':
      return { label: 'Log in or sign up? [l/s]', secret: false };
    case 'email':
      return { label: 'Email', secret: false };
    case 'username':
      return { label: 'Username', secret: false };
    case 'password':
      return { label: 'Password', secret: true };
    case 'pick':
      return { label: 'Room (number or name, Enter for general)', secret: false };
    case 'chat':
    case 'done':
      return { label: '', secret: false };
  }
}

export interface ChatSession {
  store: Store<SessionState>;
  /** Takes a typed line; lines typed while a request is in flight wait their turn. */
  submit(line: string): void;
  /** The input ended (a pipe): quit once every line typed is done. */
  endOfInput(): void;
  /** A line from elsewhere (a library's console.error), in the transcript. */
  report(line: string): void;
  /** Resolves with the exit code once the user quit (or the server turned out unreachable). */
  done: Promise<number>;
}

export function createSession(client: ChatClient, { apiUrl }: { apiUrl: string }): ChatSession {
  const store = createStore<SessionState>({ step: { name: 'choose' }, busy: false, status: client.status, user: null, room: null, log: [] });
  let nextLineId = 0;
  let rooms: RoomSummary[] = [];
  let current: RoomView | null = null;
  let finish: (code: number) => void = () => {};
  const startedAt = Date.now();
  const done = new Promise<number>((resolve) => (finish = resolve));

  const print = (tone: Tone, ...texts: string[]) =>
    store.set((s) => ({ ...s, log: [...s.log, ...texts.map((text) => ({ id: nextLineId++, text, tone }))] }));
  const to = (step: Step) => store.set((s) => ({ ...s, step }));

  const sending = new Set<Promise<unknown>>();
  let quitting = false;

  async function quit(code: number): Promise<void> {
    if (quitting) return;
    quitting = true;
    store.set((s) => ({ ...s, busy: true }));
    await Promise.allSettled([...sending]);
    current?.close();
    client.close();
    store.set((s) => ({ ...s, step: { name: 'done' } }));
    finish(code);
  }

  // The prompt waits while anything a line started is running (nested steps included), so
  // that the next line lands in the step the last one led to.
  let running = 0;
  async function holding<T>(run: () => Promise<T>): Promise<T> {
    running++;
    store.set((s) => ({ ...s, busy: true }));
    try {
      return await run();
    } finally {
      running--;
      if (running === 0 && !quitting) {
        store.set((s) => ({ ...s, busy: false }));
        announceRooms();
        drain();
      }
    }
  }

  /** Runs a request; its failure is printed (an unreachable server before the chat ends the session). */
  function busy<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
    return holding(async () => {
      try {
        return await run();
      } catch (err) {
        if (isUnreachable(err) && store.get().step.name !== 'chat') {
          print('error', unreachableMessage(apiUrl));
          void quit(1);
        } else {
          print('error', describeError(what, err, apiUrl));
        }
        return undefined;
      }
    });
  }

  client.on('status', (status) => {
    const line = statusChangeLine(store.get().status, status);
    store.set((s) => ({ ...s, status }));
    if (line) print(status === 'live' ? 'notice' : 'error', line);
  });
  // Rooms the user is added to while here (invited, a DM someone opened), and news elsewhere.
  // Said once nothing a line started is running: a room this session just joined, made or
  // opened comes as such an event too, and then it is open, not news.
  const newRooms: RoomSummary[] = [];
  function announceRooms(): void {
    for (const summary of newRooms.splice(0)) {
      if (summary.room.id === current?.id) continue;
      print('notice', `* You are now in ${roomTitle(summary, client.user?.id ?? null)}: /join ${summary.room.id}`);
    }
  }
  client.on('room', ({ summary }) => {
    if (rooms.some((r) => r.room.id === summary.room.id)) return;
    rooms = [...rooms, summary];
    newRooms.push(summary);
    if (running === 0) announceRooms();
  });
  const announced = new Set<string>();
  client.on('message', ({ message }) => {
    if (!current || message.roomId === current.id || message.userId === client.user?.id) return;
    if (message.editedAt !== null || message.deletedAt !== null || message.createdAt < startedAt || announced.has(message.id)) return;
    announced.add(message.id);
    const summary = rooms.find((r) => r.room.id === message.roomId);
    const where = summary ? roomTitle(summary, client.user?.id ?? null) : `#${message.roomId}`;
    print('notice', `* ${where} ${message.username}: ${message.text}`);
  });

  async function signedIn(user: User): Promise<void> {
    store.set((s) => ({ ...s, user }));
    print('notice', `* Signed in as ${user.username}. Commands: /help`);
    void client.connect().catch(() => {}); // its progress shows in the status line
    const list = await busy('Listing your rooms failed', () => client.rooms.list());
    rooms = list ?? [];
    if (list) print('notice', 'Your rooms:', ...roomListLines(rooms, user.id));
    to({ name: 'pick' });
  }

  async function authenticate(step: Extract<Step, { name: 'password' }>, password: string): Promise<void> {
    const what = step.mode === 'login' ? 'Login failed' : 'Sign-up failed';
    try {
      const session =
        step.mode === 'login'
          ? await client.login({ email: step.email, password })
          : await client.signup({ email: step.email, password, username: step.username! });
      await signedIn(session.user);
    } catch (err) {
      if (isUnreachable(err)) {
        print('error', unreachableMessage(apiUrl));
        return void quit(1);
      }
      const code = errorCode(err);
      if (step.mode === 'login' && code === 'UNAUTHORIZED') print('error', 'Wrong email or password.');
      else if (code === 'CONFLICT') print('error', `${what}: that email or username is taken.`);
      else if (code === 'TOO_MANY_REQUESTS') print('error', `${what}: too many attempts, wait a minute.`);
      else print('error', describeError(what, err, apiUrl));
      to({ name: 'choose' });
    }
  }

  async function open(room: Room | RoomSummary): Promise<void> {
    const summary: Pick<RoomSummary, 'room' | 'members'> = 'room' in room ? room : (rooms.find((r) => r.room.id === room.id) ?? { room });
    if (!rooms.some((r) => r.room.id === summary.room.id)) {
      rooms = [...rooms, { room: summary.room, lastSeq: 0, readSeq: 0, unread: 0, mentions: 0, ...(summary.members && { members: summary.members }) }];
    }
    current?.close();
    const title = roomTitle(summary, client.user?.id ?? null);
    store.set((s) => ({ ...s, room: title }));
    print('notice', `── ${title}${summary.room.topic ? ` · ${summary.room.topic}` : ''} ──`);
    to({ name: 'chat' });
    current = openRoomView(client, { roomId: summary.room.id, title, apiUrl, print, load: busy });
    await current.ready;
  }

  /** A room by its number in the list, its id, or a name: joined, or created when there is none. */
  async function join(name: string): Promise<void> {
    const n = Number(name);
    const known = Number.isInteger(n) && n > 0 ? rooms[n - 1] : rooms.find((r) => r.room.id === name.toLowerCase());
    if (known) return open(known);
    const room = await busy(`Joining ${name} failed`, async () => {
      try {
        return await client.rooms.join(name);
      } catch (err) {
        const code = errorCode(err);
        // Not a room id (or no such room): make it, under that name.
        if (code !== 'NOT_FOUND' && code !== 'BAD_REQUEST') throw err;
        const created = await client.rooms.create({ name });
        print('notice', `* Created #${created.id}`);
        return created;
      }
    });
    if (room) await open(room);
  }

  async function dm(username: string): Promise<void> {
    const room = await busy(`Opening a DM with ${username} failed`, async () => {
      const found = await client.users.search({ query: username });
      const user = found.find((u) => u.username.toLowerCase() === username.toLowerCase());
      if (!user) throw new Error(`there is no user ${username}`);
      const dmRoom = await client.rooms.openDm([user.id]);
      return { room: dmRoom, members: [user] };
    });
    if (room) await open({ ...room, lastSeq: 0, readSeq: 0, unread: 0, mentions: 0 });
  }

  async function run(command: Command): Promise<void> {
    const room = current;
    switch (command.kind) {
      case 'say': {
        if (!room || !command.text) return;
        // Not waited for: the SDK sends it again across reconnects, and the next line can be typed.
        const sent = client
          .send(room.id, command.text)
          .catch((err: unknown) => print('error', describeError('Sending failed', err, apiUrl)))
          .finally(() => sending.delete(sent));
        sending.add(sent);
        return;
      }
      case 'join':
        return join(command.room);
      case 'rooms': {
        const list = await busy('Listing your rooms failed', () => client.rooms.list());
        if (list) rooms = list;
        print('notice', 'Your rooms:', ...roomListLines(rooms, client.user?.id ?? null));
        return;
      }
      case 'dm':
        return dm(command.username);
      case 'edit':
      case 'react': {
        if (!room) return;
        const target = findTarget(room.messages, command.target, command.kind === 'edit' ? { ownBy: client.user?.id ?? '' } : {});
        if (typeof target === 'string') return print('error', target);
        if (command.kind === 'edit') await busy('Editing failed', () => client.edit(room.id, target.id, command.text));
        else await busy('Reacting failed', () => client.react(room.id, target.id, command.emoji));
        return;
      }
      case 'help':
        return print('notice', ...commandHelp);
      case 'quit':
        return void quit(0);
      case 'invalid':
        return print('error', command.error);
    }
  }

  const typed: string[] = [];
  let inputEnded = false;
  function drain(): void {
    while (typed.length && running === 0 && !quitting) accept(store.get().step, typed.shift()!);
    if (inputEnded && !typed.length && running === 0) void quit(0);
  }

  function accept(step: Step, line: string): void {
    const input = line.trim();
    switch (step.name) {
      case 'choose': {
        const answer = input.toLowerCase();
        if (answer === 'l' || answer === 'login' || answer === 'log in') return to({ name: 'email', mode: 'login' });
        if (answer === 's' || answer === 'signup' || answer === 'sign up') return to({ name: 'email', mode: 'signup' });
        if (answer === '/quit') return void quit(0);
        return print('error', 'Type l to log in or s to sign up.');
      }
      case 'email':
        if (!input) return;
        return to(step.mode === 'login' ? { name: 'password', mode: 'login', email: input } : { name: 'username', email: input });
      case 'username':
        if (!input) return;
        return to({ name: 'password', mode: 'signup', email: step.email, username: input });
      case 'password':
        if (!line) return;
        void holding(() => authenticate(step, line)); // passwords are taken as typed, spaces too
        return;
      case 'pick':
        if (input === '/quit') return void quit(0);
        void holding(() => join(input || 'general'));
        return;
      case 'chat':
        void holding(() => run(parseCommand(line)));
        return;
      case 'done':
        return;
    }
  }

  return {
    store,
    report: (line) => print('error', `! ${line}`),
    submit(line) {
      typed.push(line);
      drain();
    },
    endOfInput() {
      inputEnded = true;
      drain();
    },
    done,
  };
}
