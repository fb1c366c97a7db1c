import { type Message, unchangedMessageFields } from '@chat/contract';
import type { ActivityKind, RoomActivity, RoomConnection } from '@chat/db';
import { expect, test } from 'vitest';
import { presenceDelta, typingFrames, withoutSupersededTyping } from './activity-frames.ts';

let seq = 0;
const event = (kind: ActivityKind, user: string, connectionId = `${user}-1`): RoomActivity => ({
  roomId: 'r',
  id: String(++seq).padStart(26, '0'),
  kind,
  userId: user,
  username: user,
  connectionId,
  expiresAt: 0,
});
const conn = (user: string, n = 1): RoomConnection => ({ connectionId: `${user}-${n}`, userId: user, username: user });
const principal = (user: string) => ({ id: user, username: user });

test('a window of joins and leaves is one frame of deltas, read against who is in the room now', () => {
  const now = [conn('ann'), conn('bob'), conn('cat'), conn('cat', 2)];
  const events = [
    event('joined', 'bob'),
    event('joined', 'bob', 'bob-2'), // the same user twice: once
    event('joined', 'dan'),
    event('left', 'dan'), // joined and left within the window: gone now
    event('left', 'cat', 'cat-2'), // cat still has cat-1 in the room: no left
    event('left', 'eve'),
  ];
  expect(presenceDelta('r', events, now)).toEqual({
    frame: { type: 'presence', roomId: 'r', joined: [principal('bob')], left: [principal('dan'), principal('eve')] },
    connectionIds: ['ann-1', 'bob-1', 'cat-1', 'cat-2'],
  });
});

test('a window that changes nothing sends nothing', () => {
  expect(presenceDelta('r', [event('left', 'ann')], [conn('ann', 2)])).toBeUndefined();
  expect(presenceDelta('r', [event('typing', 'ann')], [conn('ann')])).toBeUndefined();
});

test('typing: one frame per connection, listing the other typists, never the typist itself', () => {
  const now = [conn('ann'), conn('ann', 2), conn('bob'), conn('cat')];
  const events = [event('typing', 'bob'), event('typing', 'ann'), event('typing', 'bob'), event('typing', 'gone')];
  const frames = typingFrames('r', events, now);
  const to = (id: string) => frames.filter((f) => f.connectionIds.includes(id)).map((f) => f.frame);
  // The latest typist is `user`; a typist no longer in the room is dropped.
  expect(to('cat-1')).toEqual([{ type: 'typing', roomId: 'r', user: principal('bob'), users: [principal('ann'), principal('bob')] }]);
  expect(to('ann-1')).toEqual([{ type: 'typing', roomId: 'r', user: principal('bob'), users: [principal('bob')] }]);
  expect(to('ann-2')).toEqual(to('ann-1'));
  expect(to('bob-1')).toEqual([{ type: 'typing', roomId: 'r', user: principal('ann'), users: [principal('ann')] }]);
  expect(frames.flatMap((f) => f.connectionIds).sort()).toEqual(['ann-1', 'ann-2', 'bob-1', 'cat-1']);
});

test('a lone typist is told nothing', () => {
  expect(typingFrames('r', [event('typing', 'ann')], [conn('ann'), conn('ann', 2)])).toEqual([]);
});

test("typing that the typist's own later message in the same batch ends is not sent; other typing is", () => {
  const sent = (user: string, id: string, roomId = 'r'): Message => ({
    id,
    roomId,
    userId: user,
    username: user,
    text: 'hi',
    createdAt: 0,
    clientMsgId: id,
    seq: 1,
    ...unchangedMessageFields(),
  });
  const annTyped = event('typing', 'ann');
  const bobTyped = event('typing', 'bob');
  const annJoined = event('joined', 'ann');
  const afterwards = String(++seq).padStart(26, '0');
  const annTypedAgain = event('typing', 'ann');
  const kept = withoutSupersededTyping(
    [annTyped, bobTyped, annJoined, annTypedAgain],
    [sent('ann', afterwards), sent('bob', afterwards, 'other room')],
  );
  // ann's keystroke before her message goes; the one after it, bob's (his message is elsewhere) and joins stay.
  expect(kept).toEqual([bobTyped, annJoined, annTypedAgain]);
});
