// The screens in memory (ink-testing-library): what each step asks and shows, keys in.
import { createChatClient } from '@chat/client';
import { render } from 'ink-testing-library';
import { expect, test } from 'vitest';
import { createSession } from '../session.ts';
import { App } from './App.tsx';

// A real client; nothing here reaches a server (no step below sends a request).
const apiUrl = 'http://127.0.0.1:9/trpc';
const client = createChatClient({ apiUrl, wsUrl: 'ws://127.0.0.1:9' });

/** Until the frame satisfies `check` (Ink renders on its own schedule). */
async function frameWhere(frames: () => string | undefined, check: (frame: string) => boolean): Promise<string> {
  await expect.poll(() => check(frames() ?? '')).toBe(true);
  return frames() ?? '';
}

type App = ReturnType<typeof render>;

/** Types `text`, waits to see it in the prompt (`shown`: what a mask shows), then Enter. */
async function typeLine(app: App, label: string, text: string, shown = text): Promise<void> {
  app.stdin.write(text);
  await frameWhere(app.lastFrame, (f) => f.includes(`${label}: ${shown}`));
  app.stdin.write('\r');
}

test('the login steps: the choice, an email, then a password that shows as stars only', async () => {
  const session = createSession(client, { apiUrl });
  const app = render(<App session={session} typing />);
  await frameWhere(app.lastFrame, (f) => f.includes('Log in or sign up? [l/s]:'));

  await typeLine(app, 'Log in or sign up? [l/s]', 'x');
  await frameWhere(app.lastFrame, (f) => f.includes('Type l to log in or s to sign up.'));

  await typeLine(app, 'Log in or sign up? [l/s]', 'l');
  await frameWhere(app.lastFrame, (f) => f.includes('Email:'));
  await typeLine(app, 'Email', 'ada@example.com');
  await frameWhere(app.lastFrame, (f) => f.includes('Password:'));
  app.stdin.write('hunter22');
  const frame = await frameWhere(app.lastFrame, (f) => f.includes('********'));
  expect(frame).not.toContain('hunter22');
  expect(app.frames.join('\n')).not.toContain('hunter22');
  app.unmount();
});

test('a pasted chunk with line ends is typed as lines', async () => {
  const session = createSession(client, { apiUrl });
  const app = render(<App session={session} typing />);
  await frameWhere(app.lastFrame, (f) => f.includes('Log in or sign up? [l/s]:'));
  app.stdin.write('s\rada@example.com\r');
  await frameWhere(app.lastFrame, (f) => f.includes('Username:'));
  app.unmount();
});

test('no prompt when lines come from a pipe; the transcript still prints', async () => {
  const session = createSession(client, { apiUrl });
  const app = render(<App session={session} typing={false} />);
  session.submit('?');
  const frame = await frameWhere(app.lastFrame, (f) => f.includes('Type l to log in or s to sign up.'));
  expect(frame).not.toContain('Log in or sign up? [l/s]:');
  app.unmount();
});
