// What a line typed in a room means: a message to send, or one of the slash commands.

/** A message by its number on screen, or the last one (for /edit: your last one). */
export type Target = number | 'last';

export type Command =
  | { kind: 'say'; text: string }
  | { kind: 'join'; room: string }
  | { kind: 'rooms' }
  | { kind: 'dm'; username: string }
  | { kind: 'edit'; target: Target; text: string }
  | { kind: 'react'; target: Target; emoji: string }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'invalid'; error: string };

export const commandHelp = [
  '/join <room>          join a room (creates it when there is none by that name)',
  '/rooms                list your rooms',
  '/dm <user>            open a direct conversation',
  '/edit [n] <text>      edit your last message, or message [n]',
  '/react [n] <emoji>    react to the last message, or message [n]',
  '/quit                 leave the chat',
  'Any other /command is sent as a message (for bots: /roll 2d6); //text sends /text.',
];

const usage: Record<string, string> = {
  join: 'Usage: /join <room>',
  dm: 'Usage: /dm <user>',
  edit: 'Usage: /edit [n] <text>',
  react: 'Usage: /react [n] <emoji>',
};

/** `3 rest` → [3, 'rest']; anything else is about the last message. */
function targetAndRest(args: string): [Target, string] {
  const match = /^(\d+)\s+(.+)$/su.exec(args);
  return match ? [Number(match[1]), match[2]!.trim()] : ['last', args];
}

export function parseCommand(line: string): Command {
  const input = line.trim();
  if (!input.startsWith('/')) return { kind: 'say', text: input };
  if (input.startsWith('//')) return { kind: 'say', text: input.slice(1) };
  const [, name = '', rawArgs = ''] = /^\/(\S*)\s*(.*)$/su.exec(input) ?? [];
  const args = rawArgs.trim();
  const needsArgs = (make: (args: string) => Command): Command =>
    args ? make(args) : { kind: 'invalid', error: usage[name]! };
  switch (name.toLowerCase()) {
    case 'join':
      return needsArgs((room) => ({ kind: 'join', room: room.replace(/^#/, '') }));
    case 'rooms':
      return { kind: 'rooms' };
    case 'dm':
      return needsArgs((username) =>
        /\s/.test(username) ? { kind: 'invalid', error: usage.dm! } : { kind: 'dm', username: username.replace(/^@/, '') },
      );
    case 'edit':
      return needsArgs((a) => {
        const [target, text] = targetAndRest(a);
        return { kind: 'edit', target, text };
      });
    case 'react':
      return needsArgs((a) => {
        const [target, emoji] = targetAndRest(a);
        return /\s/.test(emoji) ? { kind: 'invalid', error: usage.react! } : { kind: 'react', target, emoji };
      });
    case 'help':
      return { kind: 'help' };
    case 'quit':
    case 'exit':
      return { kind: 'quit' };
    default:
      // Not the CLI's: sent as it is, for a bot in the room (/roll 2d6).
      return { kind: 'say', text: input };
  }
}
