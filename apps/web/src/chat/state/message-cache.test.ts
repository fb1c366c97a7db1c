import type { Message } from '@chat/contract';
import { describe, expect, test } from 'vitest';
import { message } from '../../test-support/fakes.ts';
import { keepLoadedStates, messagesOldestFirst, upsertMessage, type MessagePages } from './message-cache.ts';

/** Pages as messages.list answers them: newest page first, each newest first. */
function pages(...list: { messages: Message[]; nextCursor: string | null }[]): MessagePages {
  return { pages: list.map((p) => ({ ...p, messages: [...p.messages].reverse() })), pageParams: list.map((_, i) => (i === 0 ? undefined : `c${i}`)) };
}
const texts = (data: MessagePages) => messagesOldestFirst(data).map((m) => m.text);

describe('upsertMessage', () => {
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((text) => message({ text }));
  const loaded = pages({ messages: [c!, d!], nextCursor: 'more' }, { messages: [a!, b!], nextCursor: 'older' });

  test('a message newer than everything loaded is added at the end', () => {
    const e = message({ text: 'e' });
    const { data, result } = upsertMessage(loaded, e);
    expect(result).toBe('added');
    expect(texts(data)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(texts(loaded)).toEqual(['a', 'b', 'c', 'd']); // not mutated
  });

  test('a later state replaces the loaded one in place; an equal or older one changes nothing', () => {
    const edited = { ...b!, text: 'b (edited)', editedAt: 1, seq: b!.seq + 100 };
    const changed = upsertMessage(loaded, edited);
    expect(changed.result).toBe('changed');
    expect(changed.previous).toBe(b);
    expect(texts(changed.data)).toEqual(['a', 'b (edited)', 'c', 'd']);

    for (const older of [b!, { ...b!, text: 'overtaken', seq: b!.seq - 1 }]) {
      const again = upsertMessage(changed.data, older);
      expect(again.result).toBe('stale');
      expect(again.data).toBe(changed.data);
    }
  });

  test('a deleted message stays, as its deleted state', () => {
    const deleted = { ...c!, text: '', deletedAt: 2, seq: 999 };
    const { data } = upsertMessage(loaded, deleted);
    expect(messagesOldestFirst(data).map((m) => [m.id, m.deletedAt])).toEqual([
      [a!.id, null],
      [b!.id, null],
      [c!.id, 2],
      [d!.id, null],
    ]);
  });

  test('a message older than what is loaded is left for its page to bring', () => {
    const [old] = [message({ text: 'old' })].map((m) => ({ ...m, id: '01A' }));
    const { data, result } = upsertMessage(loaded, old!);
    expect(result).toBe('outside');
    expect(data).toBe(loaded);
  });

  test('at the start of the room, an older message still goes in, in order', () => {
    const atStart = pages({ messages: [c!, d!], nextCursor: null });
    const { data, result } = upsertMessage(atStart, a!);
    expect(result).toBe('added');
    expect(texts(data)).toEqual(['a', 'c', 'd']);
  });

  test('a message created while away that arrives after a newer live one goes between, in id order', () => {
    const missed = message({ text: 'missed' });
    const live = message({ text: 'live' });
    const first = upsertMessage(loaded, live).data;
    const { data, result } = upsertMessage(first, missed);
    expect(result).toBe('added');
    expect(texts(data)).toEqual(['a', 'b', 'c', 'd', 'missed', 'live']);
  });

  test('a message between two loaded pages goes into the older one', () => {
    const between = { ...message({ text: 'between' }), id: `${b!.id}x` }; // after b, before c
    const { data, result } = upsertMessage(loaded, between);
    expect(result).toBe('added');
    expect(data.pages[1]!.messages.map((m) => m.text)).toEqual(['between', 'b', 'a']);
    expect(texts(data)).toEqual(['a', 'b', 'between', 'c', 'd']);
  });

  test('an empty room takes its first message', () => {
    const empty = pages({ messages: [], nextCursor: null });
    const { data, result } = upsertMessage(empty, a!);
    expect(result).toBe('added');
    expect(texts(data)).toEqual(['a']);
  });
});

test('messagesOldestFirst: every message once, even where pages overlap', () => {
  const [a, b, c] = ['a', 'b', 'c'].map((text) => message({ text }));
  const overlapping = pages({ messages: [b!, c!], nextCursor: 'x' }, { messages: [a!, b!], nextCursor: null });
  expect(texts(overlapping)).toEqual(['a', 'b', 'c']);
  expect(messagesOldestFirst(undefined)).toEqual([]);
});

describe('keepLoadedStates', () => {
  const [a, b, c] = ['a', 'b', 'c'].map((text) => message({ text }));
  const loaded = pages({ messages: [a!, b!, c!], nextCursor: null });

  test('a message added at the front of a page leaves every other message the same object', () => {
    const d = message({ text: 'd' });
    const next = keepLoadedStates(loaded, upsertMessage(loaded, d).data);
    expect(messagesOldestFirst(next)).toEqual([a, b, c, d]);
    for (const [i, m] of messagesOldestFirst(next).slice(0, 3).entries()) expect(m).toBe(messagesOldestFirst(loaded)[i]);
  });

  test('a page read again keeps the loaded objects of unchanged states, and takes the new ones of changed states', () => {
    const editedB = { ...b!, text: 'b (edited)', seq: b!.seq + 100 };
    const reread = pages({ messages: [{ ...a! }, editedB, { ...c! }], nextCursor: null });
    const [keptA, newB, keptC] = messagesOldestFirst(keepLoadedStates(loaded, reread));
    expect(keptA).toBe(a);
    expect(newB).toBe(editedB);
    expect(keptC).toBe(c);
  });

  test('untouched pages stay the same objects', () => {
    const two = pages({ messages: [c!], nextCursor: 'x' }, { messages: [a!, b!], nextCursor: null });
    const next = keepLoadedStates(two, upsertMessage(two, message({ text: 'e' })).data);
    expect(next.pages[1]).toBe(two.pages[1]);
  });
});
