import { mentionedUsernames } from '@chat/contract';
import { describe, expect, test } from 'vitest';
import { insertMention, matchPeople, mentionQueryAt, roomPeople, splitMentions } from './mentions.ts';

describe('splitMentions', () => {
  test('finds each mention where it is written, the rest stays text', () => {
    expect(splitMentions('hi @ann, ask @Bob.')).toEqual([
      { kind: 'text', text: 'hi ' },
      { kind: 'mention', text: '@ann', username: 'ann' },
      { kind: 'text', text: ', ask ' },
      { kind: 'mention', text: '@Bob', username: 'Bob' },
      { kind: 'text', text: '.' },
    ]);
    expect(splitMentions('@ann')).toEqual([{ kind: 'mention', text: '@ann', username: 'ann' }]);
  });

  test('an email address, a too short name or a bare @ mention nobody', () => {
    for (const text of ['mail ann@example.com', 'hey @al', '@ alone', '']) {
      expect(splitMentions(text).filter((p) => p.kind === 'mention'), text).toEqual([]);
      expect(splitMentions(text).map((p) => p.text).join('')).toBe(text);
    }
  });

  test('agrees with the contract’s mentionedUsernames and never loses a character', () => {
    const samples = ['@ann @ann @ANN', 'x@ann @bob-', '(@carl) @dave.smith. @e_f', 'a @ann\n@bob\t@c.d..', '@ann.@bob'];
    for (const text of samples) {
      const parts = splitMentions(text);
      expect(parts.map((p) => p.text).join(''), text).toBe(text);
      const found = [...new Set(parts.flatMap((p) => (p.kind === 'mention' ? [p.username.toLowerCase()] : [])))];
      expect(found, text).toEqual(mentionedUsernames(text).map((n) => n.toLowerCase()));
    }
  });
});

describe('autocomplete', () => {
  test('the @ word at the caret', () => {
    expect(mentionQueryAt('hi @an', 6)).toEqual({ start: 3, query: 'an' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('hi @an there', 12)).toBeNull();
    expect(mentionQueryAt('mail ann@ex', 11)).toBeNull();
    expect(mentionQueryAt('hi @an there', 6)).toEqual({ start: 3, query: 'an' });
  });

  const people = [
    { id: '1', username: 'bob' },
    { id: '2', username: 'Annie' },
    { id: '3', username: 'joanna' },
    { id: '4', username: 'ann' },
  ];

  test('prefix matches first (by name), then names containing it, case-insensitive, limited', () => {
    expect(matchPeople(people, 'AN').map((p) => p.username)).toEqual(['ann', 'Annie', 'joanna']);
    expect(matchPeople(people, '').map((p) => p.username)).toEqual(['ann', 'Annie', 'bob', 'joanna']);
    expect(matchPeople(people, 'an', 2)).toHaveLength(2);
    expect(matchPeople(people, 'zz')).toEqual([]);
  });

  test('choosing a person replaces the @ word and puts the caret after a space', () => {
    expect(insertMention('hi @an', 3, 6, 'ann')).toEqual({ text: 'hi @ann ', caret: 8 });
    expect(insertMention('hi @an there', 3, 6, 'annie')).toEqual({ text: 'hi @annie there', caret: 10 });
  });

  test('the room’s people: online, then recent authors newest first, each once, never me', () => {
    const online = [{ id: 'me', username: 'me' }, { id: 'a', username: 'ann' }];
    const authors = [{ id: 'b', username: 'bob' }, { id: 'a', username: 'ann' }, { id: 'c', username: 'carl' }, { id: 'me', username: 'me' }];
    expect(roomPeople(online, authors, 'me').map((p) => p.username)).toEqual(['ann', 'carl', 'bob']);
  });
});
