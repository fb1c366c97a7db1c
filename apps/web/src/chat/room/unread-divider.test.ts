import { expect, test } from 'vitest';
import { message } from '../../test-support/fakes.ts';
import { firstUnread } from './unread-divider.ts';

const self = 'ann-id';

test('before the unread-th newest message by someone else that is not deleted', () => {
  const [a, b, c, d, e] = [
    message({ text: 'a' }),
    message({ text: 'b' }),
    message({ text: 'mine', userId: self }),
    message({ text: '', deletedAt: 5 }),
    message({ text: 'e' }),
  ];
  const stored = [a!, b!, c!, d!, e!];
  expect(firstUnread(stored, self, 1)).toEqual({ id: e!.id, complete: true });
  expect(firstUnread(stored, self, 2)).toEqual({ id: b!.id, complete: true }); // own and deleted ones skipped
  expect(firstUnread(stored, self, 3)).toEqual({ id: a!.id, complete: true });
  expect(firstUnread(stored, self, 5)).toEqual({ id: a!.id, complete: false }); // not loaded that far back yet
  expect(firstUnread(stored, self, 0)).toBeNull();
  expect(firstUnread([c!], self, 2)).toBeNull();
});
