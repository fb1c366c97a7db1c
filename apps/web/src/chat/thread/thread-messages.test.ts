import { expect, test } from 'vitest';
import { message } from '../../test-support/fakes.ts';
import { threadReplies } from './thread-messages.ts';

test('listed and live replies of the thread, once each in their latest state, oldest first; nothing else', () => {
  const parent = message({ text: 'parent' });
  const [r1, r2, r3] = ['one', 'two', 'three'].map((text) => message({ text, replyTo: parent.id }));
  const edited = { ...r1!, text: 'one, edited', seq: 100 };
  const otherThread = message({ text: 'elsewhere', replyTo: 'OTHER' });
  const listed = [r2!, edited]; // newest first, as messages.list answers
  const inRoom = [parent, r1!, r2!, r3!, otherThread];
  expect(threadReplies(parent.id, listed, inRoom).map((m) => m.text)).toEqual(['one, edited', 'two', 'three']);
});
