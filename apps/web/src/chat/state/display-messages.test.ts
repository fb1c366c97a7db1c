import { expect, test } from 'vitest';
import { message } from '../../test-support/fakes.ts';
import { displayMessages } from './display-messages.ts';
import type { OutgoingMessage } from './outbox.ts';

const ann = { id: 'ann-id', username: 'ann' };
const pending = (clientMsgId: string, roomId = 'general'): OutgoingMessage => ({
  clientMsgId,
  roomId,
  text: clientMsgId,
  createdAt: 1,
  status: 'pending',
  error: null,
});

test('stored messages carry their full state; outgoing ones follow, in their room only, keyed as they will be once stored', () => {
  const stored = message({ text: 'from bob' });
  const shown = displayMessages(ann, [stored], [pending('c-1'), pending('c-2', 'random')], 'general');
  expect(shown).toMatchObject([
    { key: `bob-id:${stored.clientMsgId}`, id: stored.id, status: 'sent', own: false, message: stored },
    { key: 'ann-id:c-1', id: null, status: 'pending', own: true, message: null },
  ]);
  const sent = message({ text: 'c-1', clientMsgId: 'c-1', userId: ann.id, username: 'ann' });
  expect(displayMessages(ann, [stored, sent], [], 'general')[1]).toMatchObject({ key: 'ann-id:c-1', status: 'sent', own: true });
});

test('an outgoing message whose stored copy is already loaded (a reload before its ack) shows once', () => {
  const sent = message({ text: 'c-1', clientMsgId: 'c-1', userId: ann.id, username: 'ann' });
  expect(displayMessages(ann, [sent], [pending('c-1')], 'general').map((m) => m.status)).toEqual(['sent']);
});

test('the same state gives the same display object (memoized rows skip it)', () => {
  const stored = message({ text: 'x' });
  expect(displayMessages(ann, [stored], [], 'general')[0]).toBe(displayMessages(ann, [stored], [], 'general')[0]);
});
