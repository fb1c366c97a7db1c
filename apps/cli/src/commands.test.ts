import { describe, expect, test } from 'vitest';
import { parseCommand } from './commands.ts';

describe('parseCommand', () => {
  test('a plain line is a message, trimmed; a // line sends the rest with one /', () => {
    expect(parseCommand('  hello there ')).toEqual({ kind: 'say', text: 'hello there' });
    expect(parseCommand('//shrug')).toEqual({ kind: 'say', text: '/shrug' });
  });

  test('/join takes a room, with or without #', () => {
    expect(parseCommand('/join design')).toEqual({ kind: 'join', room: 'design' });
    expect(parseCommand('/join #design')).toEqual({ kind: 'join', room: 'design' });
    expect(parseCommand('/join Design Team')).toEqual({ kind: 'join', room: 'Design Team' });
    expect(parseCommand('/join')).toEqual({ kind: 'invalid', error: 'Usage: /join <room>' });
  });

  test('/dm takes one user name, with or without @', () => {
    expect(parseCommand('/dm @ann')).toEqual({ kind: 'dm', username: 'ann' });
    expect(parseCommand('/dm ann')).toEqual({ kind: 'dm', username: 'ann' });
    expect(parseCommand('/dm ann bob')).toEqual({ kind: 'invalid', error: 'Usage: /dm <user>' });
    expect(parseCommand('/dm')).toEqual({ kind: 'invalid', error: 'Usage: /dm <user>' });
  });

  test('/edit edits the last message, or message n when a number and a text follow', () => {
    expect(parseCommand('/edit fixed typo')).toEqual({ kind: 'edit', target: 'last', text: 'fixed typo' });
    expect(parseCommand('/edit 3 fixed typo')).toEqual({ kind: 'edit', target: 3, text: 'fixed typo' });
    // A lone number is the new text of the last message.
    expect(parseCommand('/edit 42')).toEqual({ kind: 'edit', target: 'last', text: '42' });
    expect(parseCommand('/edit')).toEqual({ kind: 'invalid', error: 'Usage: /edit [n] <text>' });
  });

  test('/react takes one emoji, for the last message or message n', () => {
    expect(parseCommand('/react 👍')).toEqual({ kind: 'react', target: 'last', emoji: '👍' });
    expect(parseCommand('/react 2 🎉')).toEqual({ kind: 'react', target: 2, emoji: '🎉' });
    expect(parseCommand('/react 👍 🎉')).toEqual({ kind: 'invalid', error: 'Usage: /react [n] <emoji>' });
    expect(parseCommand('/react')).toEqual({ kind: 'invalid', error: 'Usage: /react [n] <emoji>' });
  });

  test('/rooms, /help, /quit (and /exit), in any letter case', () => {
    expect(parseCommand('/rooms')).toEqual({ kind: 'rooms' });
    expect(parseCommand('/HELP')).toEqual({ kind: 'help' });
    expect(parseCommand('/quit')).toEqual({ kind: 'quit' });
    expect(parseCommand('/exit')).toEqual({ kind: 'quit' });
  });

  test('a command the CLI does not know is sent as it is (a bot may answer it)', () => {
    expect(parseCommand('/roll 2d6')).toEqual({ kind: 'say', text: '/roll 2d6' });
    expect(parseCommand('/time')).toEqual({ kind: 'say', text: '/time' });
  });
});
