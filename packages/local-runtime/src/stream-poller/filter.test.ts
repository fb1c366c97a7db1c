import { describe, expect, test } from 'vitest';
import { matchesFilter, validateFilterPattern } from './filter.ts';

const messagePattern = { eventName: ['INSERT'], dynamodb: { NewImage: { _et: { S: ['Message'] } } } };
const record = (eventName: string, et?: string) => ({
  eventName,
  dynamodb: { NewImage: { pk: { S: 'ROOM#general' }, ...(et === undefined ? {} : { _et: { S: et } }) } },
});

describe('matchesFilter', () => {
  test('the app pattern: INSERT of a Message only', () => {
    expect(matchesFilter(messagePattern, record('INSERT', 'Message'))).toBe(true);
    expect(matchesFilter(messagePattern, record('MODIFY', 'Message'))).toBe(false);
    expect(matchesFilter(messagePattern, record('INSERT', 'Room'))).toBe(false);
    expect(matchesFilter(messagePattern, record('INSERT'))).toBe(false);
    expect(matchesFilter(messagePattern, { eventName: 'REMOVE', dynamodb: { Keys: {} } })).toBe(false);
  });

  test('exact values of every JSON type, any of the array', () => {
    expect(matchesFilter({ a: ['x', 'y'] }, { a: 'y' })).toBe(true);
    expect(matchesFilter({ a: [1] }, { a: 1 })).toBe(true);
    expect(matchesFilter({ a: [1] }, { a: '1' })).toBe(false);
    expect(matchesFilter({ a: [true] }, { a: true })).toBe(true);
    expect(matchesFilter({ a: [null] }, { a: null })).toBe(true);
    expect(matchesFilter({ a: [null] }, {})).toBe(false);
    expect(matchesFilter({ a: ['x'] }, { a: ['z', 'x'] })).toBe(true); // array field: any element
  });

  test('every key must match, nested objects descend', () => {
    expect(matchesFilter({ a: ['x'], b: { c: ['y'] } }, { a: 'x', b: { c: 'y' } })).toBe(true);
    expect(matchesFilter({ a: ['x'], b: { c: ['y'] } }, { a: 'x', b: { c: 'n' } })).toBe(false);
    expect(matchesFilter({ b: { c: ['y'] } }, { b: 'y' })).toBe(false);
    expect(matchesFilter({}, { a: 1 })).toBe(true);
  });

  test('exists, prefix and the other operators', () => {
    expect(matchesFilter({ a: [{ exists: true }] }, { a: 'v' })).toBe(true);
    expect(matchesFilter({ a: [{ exists: true }] }, {})).toBe(false);
    expect(matchesFilter({ a: [{ exists: false }] }, {})).toBe(true);
    expect(matchesFilter({ a: [{ exists: false }] }, { a: 'v' })).toBe(false);
    expect(matchesFilter({ p: { a: [{ exists: false }] } }, {})).toBe(true); // absent parent
    expect(matchesFilter({ a: [{ prefix: 'ROOM#' }] }, { a: 'ROOM#1' })).toBe(true);
    expect(matchesFilter({ a: [{ prefix: 'ROOM#' }] }, { a: 'USER#1' })).toBe(false);
    expect(matchesFilter({ a: [{ prefix: 'R' }] }, { a: 5 })).toBe(false);
    expect(matchesFilter({ a: [{ suffix: '.png' }] }, { a: 'x.png' })).toBe(true);
    expect(matchesFilter({ a: [{ 'equals-ignore-case': 'abc' }] }, { a: 'AbC' })).toBe(true);
    expect(matchesFilter({ a: [{ 'anything-but': ['x'] }] }, { a: 'y' })).toBe(true);
    expect(matchesFilter({ a: [{ 'anything-but': ['x'] }] }, { a: 'x' })).toBe(false);
    expect(matchesFilter({ a: [{ numeric: ['>', 0, '<=', 5] }] }, { a: 5 })).toBe(true);
    expect(matchesFilter({ a: [{ numeric: ['>', 0, '<=', 5] }] }, { a: 6 })).toBe(false);
    expect(matchesFilter({ a: ['x', { prefix: 'y' }] }, { a: 'yes' })).toBe(true);
  });

  test('patterns it cannot evaluate are refused up front', () => {
    expect(() => validateFilterPattern(messagePattern)).not.toThrow();
    expect(() => validateFilterPattern({ a: 'x' })).toThrow(/must be an array or an object/);
    expect(() => validateFilterPattern({ a: [{ wildcard: '*' }] })).toThrow(/unsupported entry/);
  });
});
