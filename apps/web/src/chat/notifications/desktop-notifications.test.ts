import type { RoomSummary } from '@chat/contract';
import { describe, expect, test, vi } from 'vitest';
import { fakeSocket, message } from '../../test-support/fakes.ts';
import { notificationContent, shouldNotify, startDesktopNotifier } from './desktop-notifications.ts';

const self = 'ann-id';
const summary = (id: string, kind: 'public' | 'dm'): RoomSummary => ({
  room: { id, name: kind === 'dm' ? '' : id, kind, topic: '', createdAt: 1, createdBy: 'x', archived: false },
  lastSeq: 0,
  readSeq: 0,
  unread: 0,
  mentions: 0,
});
const dm = summary('dm-1', 'dm');
const design = summary('design', 'public');
const hidden = { selfId: self, muted: false, hidden: true };

describe('shouldNotify', () => {
  test('DMs and mentions of the user, while hidden', () => {
    expect(shouldNotify(message({ text: 'hi', roomId: 'dm-1' }), { ...hidden, summary: dm })).toBe(true);
    expect(shouldNotify(message({ text: '@ann', roomId: 'design', mentions: [self] }), { ...hidden, summary: design })).toBe(true);
    expect(shouldNotify(message({ text: 'chatter', roomId: 'design' }), { ...hidden, summary: design })).toBe(false);
  });

  test('not while shown, not one’s own, not a muted room, not a change', () => {
    const mention = message({ text: '@ann', roomId: 'design', mentions: [self] });
    expect(shouldNotify(mention, { ...hidden, summary: design, hidden: false })).toBe(false);
    expect(shouldNotify({ ...mention, userId: self }, { ...hidden, summary: design })).toBe(false);
    expect(shouldNotify(mention, { ...hidden, summary: design, muted: true })).toBe(false);
    expect(shouldNotify({ ...mention, editedAt: 5 }, { ...hidden, summary: design })).toBe(false);
  });
});

test('notificationContent: a DM is titled by its sender, a room by sender and room; long texts are cut', () => {
  expect(notificationContent(message({ text: 'hi', username: 'bob' }), dm)).toEqual({ title: 'bob', body: 'hi' });
  const long = '😀'.repeat(300);
  const { title, body } = notificationContent(message({ text: long, username: 'bob', roomId: 'design' }), design);
  expect(title).toBe('bob in #design');
  expect([...body]).toHaveLength(200);
  expect(body.endsWith('…')).toBe(true);
});

describe('startDesktopNotifier', () => {
  function setup(permission: NotificationPermission = 'granted', rooms: RoomSummary[] = [dm, design]) {
    const fake = fakeSocket();
    const shown: Array<{ title: string; options: NotificationOptions | undefined; instance: { onclick: (() => void) | null; close: () => void } }> = [];
    class RecordingNotification {
      static permission = permission;
      onclick: (() => void) | null = null;
      close = vi.fn();
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, options, instance: this });
      }
    }
    const openRoom = vi.fn();
    const focusWindow = vi.fn();
    let refreshes = 0;
    let isHidden = true;
    const stop = startDesktopNotifier({
      selfId: self,
      socket: fake.socket,
      summaryOf: (roomId) => rooms.find((s) => s.room.id === roomId),
      refreshSummaries: async () => {
        refreshes++;
        await Promise.resolve(); // an answer comes later
        rooms = [...rooms, summary('dm-new', 'dm'), summary('new-channel', 'public')];
      },
      isMuted: (roomId) => roomId === 'muted-dm',
      openRoom,
      Notification: RecordingNotification as unknown as typeof Notification,
      isHidden: () => isHidden,
      focusWindow,
    });
    return { fake, shown, openRoom, focusWindow, stop, show: (h: boolean) => (isHidden = h), refreshes: () => refreshes };
  }

  test('notifies once per message; a click focuses the window and opens the room', () => {
    const { fake, shown, openRoom, focusWindow } = setup();
    const hi = message({ text: 'hi', roomId: 'dm-1', username: 'bob' });
    fake.emit({ type: 'message', message: hi });
    fake.emit({ type: 'message', message: hi }); // resumed again after a reconnect
    expect(shown.map((n) => [n.title, n.options?.body, n.options?.tag])).toEqual([['bob', 'hi', hi.id]]);
    shown[0]!.instance.onclick!();
    expect(focusWindow).toHaveBeenCalledTimes(1);
    expect(openRoom).toHaveBeenCalledWith('dm-1');
    expect(shown[0]!.instance.close).toHaveBeenCalled();
  });

  test('nothing without permission, while shown, or after stopping', () => {
    const denied = setup('default');
    denied.fake.emit({ type: 'message', message: message({ text: 'hi', roomId: 'dm-1' }) });
    expect(denied.shown).toHaveLength(0);
    const granted = setup();
    granted.show(false);
    granted.fake.emit({ type: 'message', message: message({ text: 'hi', roomId: 'dm-1' }) });
    granted.show(true);
    granted.stop();
    granted.fake.emit({ type: 'message', message: message({ text: 'hi', roomId: 'dm-1' }) });
    expect(granted.shown).toHaveLength(0);
  });

  test('a room not in the list yet: the list is read again, and a DM there notifies', async () => {
    const { fake, shown, refreshes } = setup('granted', [design]);
    fake.emit({ type: 'message', message: message({ text: 'chatter', roomId: 'new-channel' }) });
    fake.emit({ type: 'message', message: message({ text: 'psst', roomId: 'dm-new', username: 'bob' }) });
    await vi.waitFor(() => expect(shown.map((n) => n.title)).toEqual(['bob']));
    expect(refreshes()).toBe(2); // asked for both; only the DM notifies
  });
});
