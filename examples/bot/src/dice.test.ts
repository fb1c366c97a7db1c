import { expect, test } from 'vitest';
import { diceLimits, diceLine, parseDice, rollDice } from './dice.ts';

test('NdM, and dM as one die, in any letter case', () => {
  expect(parseDice('2d6')).toEqual({ count: 2, sides: 6 });
  expect(parseDice(' d20 ')).toEqual({ count: 1, sides: 20 });
  expect(parseDice('3D8')).toEqual({ count: 3, sides: 8 });
});

test('anything else, and too many dice or sides, is an error sentence', () => {
  expect(parseDice('2x6')).toEqual({ error: '“2x6” is not dice notation: try /roll 2d6' });
  expect(parseDice('')).toEqual({ error: '“” is not dice notation: try /roll 2d6' });
  expect(parseDice('2d6+1')).toHaveProperty('error');
  expect(parseDice('0d6')).toEqual({ error: 'Roll 1 to 20 dice at a time' });
  expect(parseDice('21d6')).toEqual({ error: 'Roll 1 to 20 dice at a time' });
  expect(parseDice('1d1')).toEqual({ error: 'Dice have 2 to 1000 sides' });
  expect(parseDice('1d1001')).toEqual({ error: 'Dice have 2 to 1000 sides' });
  expect(parseDice(`${diceLimits.maxDice}d${diceLimits.maxSides}`)).toEqual({ count: 20, sides: 1000 });
});

test('rolls stay within 1..sides and reach both ends', () => {
  const rolls = rollDice({ count: 20, sides: 2 });
  expect(rolls).toHaveLength(20);
  for (let i = 0; i < 50; i++) rolls.push(...rollDice({ count: 20, sides: 2 }));
  expect(new Set(rolls)).toEqual(new Set([1, 2]));
  expect(rollDice({ count: 3, sides: 6 }, () => 4)).toEqual([4, 4, 4]);
});

test('the line shows every roll and the total', () => {
  expect(diceLine({ count: 2, sides: 6 }, [3, 5])).toBe('🎲 2d6: 3 + 5 = 8');
  expect(diceLine({ count: 1, sides: 20 }, [17])).toBe('🎲 1d20: 17');
});
