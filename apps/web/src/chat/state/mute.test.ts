import { expect, test } from 'vitest';
import { MemoryStorage } from '../../test-support/fakes.ts';
import { createMutedRooms, mutedRoomsKey } from './mute.ts';

test('muting is per user and kept in storage; toggling again unmutes', () => {
  const storage = new MemoryStorage();
  const ann = createMutedRooms('ann', storage);
  ann.toggle('design');
  expect([...ann.store.get()]).toEqual(['design']);
  expect([...createMutedRooms('ann', storage).store.get()]).toEqual(['design']); // a reload keeps it
  expect(createMutedRooms('bob', storage).store.get().size).toBe(0);
  ann.toggle('design');
  expect(ann.store.get().size).toBe(0);
  expect(JSON.parse(storage.getItem(mutedRoomsKey('ann'))!)).toEqual([]);
});

test('unreadable storage means nothing muted, not a crash', () => {
  const storage = new MemoryStorage();
  storage.setItem(mutedRoomsKey('ann'), '{not json');
  expect(createMutedRooms('ann', storage).store.get().size).toBe(0);
  storage.setItem(mutedRoomsKey('ann'), JSON.stringify(['design', 7, null]));
  expect([...createMutedRooms('ann', storage).store.get()]).toEqual(['design']);
});

test('another tab’s change arrives through the storage event', () => {
  const storage = new MemoryStorage();
  const events = new EventTarget();
  const here = createMutedRooms('ann', storage);
  const stop = here.followOtherTabs(events as unknown as Window);
  createMutedRooms('ann', storage).toggle('random'); // the other tab writes...
  const storageEvent = Object.assign(new Event('storage'), { key: mutedRoomsKey('ann') });
  events.dispatchEvent(storageEvent); // ...and the browser tells this one
  expect([...here.store.get()]).toEqual(['random']);
  stop();
  createMutedRooms('ann', storage).toggle('random');
  events.dispatchEvent(storageEvent);
  expect([...here.store.get()]).toEqual(['random']); // not followed any more
});
