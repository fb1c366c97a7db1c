// What the bot says to a message: a dice roll, the time, or nothing.
import { diceLine, parseDice, rollDice } from './dice.ts';

export function timeLine(now: Date): string {
  return `🕒 ${now.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function replyFor(text: string, now: Date = new Date()): string | null {
  const [command = '', ...args] = text.trim().split(/\s+/);
  switch (command.toLowerCase()) {
    case '/roll': {
      const dice = parseDice(args.join('') || '1d6');
      return 'error' in dice ? dice.error : diceLine(dice, rollDice(dice));
    }
    case '/time':
      return timeLine(now);
    default:
      return null;
  }
}
