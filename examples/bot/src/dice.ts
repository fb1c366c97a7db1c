// Dice notation NdM ("2d6": two six-sided dice; "d20": one), bounded so that one line stays short.
import { randomInt } from 'node:crypto';

export const diceLimits = { maxDice: 20, minSides: 2, maxSides: 1000 };

export interface Dice {
  count: number;
  sides: number;
}

export function parseDice(notation: string): Dice | { error: string } {
  const match = /^(\d*)d(\d+)$/i.exec(notation.trim());
  if (!match) return { error: `“${notation.trim()}” is not dice notation: try /roll 2d6` };
  const count = match[1] === '' ? 1 : Number(match[1]);
  const sides = Number(match[2]);
  if (count < 1 || count > diceLimits.maxDice) return { error: `Roll 1 to ${diceLimits.maxDice} dice at a time` };
  if (sides < diceLimits.minSides || sides > diceLimits.maxSides) {
    return { error: `Dice have ${diceLimits.minSides} to ${diceLimits.maxSides} sides` };
  }
  return { count, sides };
}

/** Each roll is uniform in 1..sides; `roll` is replaceable for tests. */
export function rollDice({ count, sides }: Dice, roll = (s: number) => randomInt(1, s + 1)): number[] {
  return Array.from({ length: count }, () => roll(sides));
}

/** `🎲 2d6: 3 + 5 = 8`; one die: `🎲 1d20: 17`. */
export function diceLine({ count, sides }: Dice, rolls: readonly number[]): string {
  const total = rolls.reduce((a, b) => a + b, 0);
  return rolls.length === 1 ? `🎲 ${count}d${sides}: ${total}` : `🎲 ${count}d${sides}: ${rolls.join(' + ')} = ${total}`;
}
