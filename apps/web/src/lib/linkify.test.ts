import { expect, test } from 'vitest';
import { linkify } from './linkify.ts';

test('web addresses become links, the rest stays text', () => {
  expect(linkify('see https://example.com/a?b=1 and http://x.dev.')).toEqual([
    { kind: 'text', text: 'see ' },
    { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
    { kind: 'text', text: ' and ' },
    { kind: 'link', text: 'http://x.dev', href: 'http://x.dev/' },
    { kind: 'text', text: '.' },
  ]);
});

test('a parenthesis closing one inside the URL stays in it', () => {
  expect(linkify('(https://en.wikipedia.org/wiki/Foo_(bar))')[1]).toMatchObject({ text: 'https://en.wikipedia.org/wiki/Foo_(bar)' });
});

test('markup and other schemes are never links', () => {
  const text = '<a href="javascript:alert(1)">x</a> javascript:alert(1) data:text/html,hi';
  expect(linkify(text)).toEqual([{ kind: 'text', text }]);
});
