import { QueryClient } from '@tanstack/react-query';
import { describe, expect, test } from 'vitest';
import { room, summary } from '../../test-support/fakes.ts';
import { groupRooms, removeSummary, roomTitle, updateRoomSummaries, upsertRoom, upsertSummary, type RoomSummaries } from './room-summaries.ts';

const ann = { id: 'ann-id', username: 'ann' };
const bob = { id: 'bob-id', username: 'bob' };
const cat = { id: 'cat-id', username: 'Cat' };

describe('the rooms.list updaters', () => {
  test('a `room` frame replaces the summary of its room, or adds it', () => {
    const list = [summary({ id: 'general' }), summary({ id: 'design' }, { unread: 2 })];
    const renamed = summary({ id: 'design', name: 'Design team' }, { unread: 3 });
    expect(upsertSummary(list, renamed)).toEqual([list[0], renamed]);
    const invited = summary({ id: 'secret', kind: 'private' });
    expect(upsertSummary(list, invited)).toEqual([...list, invited]);
    expect(list).toHaveLength(2); // not changed in place
  });

  test('a mutation’s room keeps the cached read state; a new one starts with nothing unread', () => {
    const list = [summary({ id: 'design' }, { lastSeq: 9, readSeq: 4, unread: 5, mentions: 1 })];
    const [updated] = upsertRoom(list, room({ id: 'design', topic: 'Mockups' }));
    expect(updated).toEqual({ room: room({ id: 'design', topic: 'Mockups' }), lastSeq: 9, readSeq: 4, unread: 5, mentions: 1 });
    const dm = room({ id: 'dm-1', kind: 'dm', name: '' });
    expect(upsertRoom(list, dm, [ann, bob]).at(-1)).toEqual({ room: dm, members: [ann, bob], lastSeq: 0, readSeq: 0, unread: 0, mentions: 0 });
  });

  test('`roomLeft` removes the room', () => {
    const list = [summary({ id: 'general' }), summary({ id: 'design' })];
    expect(removeSummary(list, 'design').map((s) => s.room.id)).toEqual(['general']);
    expect(removeSummary(list, 'nowhere')).toEqual(list);
  });

  test('the cache: a loaded list is updated; one not loaded yet is fetched instead of made up from one frame', async () => {
    const key = ['rooms', 'list'];
    const queryClient = new QueryClient();
    let fetches = 0;
    const served: RoomSummaries = [summary({ id: 'general' }), summary({ id: 'secret', kind: 'private' })];
    queryClient.setQueryDefaults(key, { queryFn: async () => (fetches++, served) });

    updateRoomSummaries(queryClient, key, (list) => upsertSummary(list, summary({ id: 'secret', kind: 'private' })));
    expect(queryClient.getQueryData(key)).toBeUndefined(); // nothing observes it: marked stale, not filled with one room
    await queryClient.fetchQuery({ queryKey: key });
    expect(fetches).toBe(1);

    updateRoomSummaries(queryClient, key, (list) => removeSummary(list, 'secret'));
    expect((queryClient.getQueryData<RoomSummaries>(key) ?? []).map((s) => s.room.id)).toEqual(['general']);
    expect(fetches).toBe(1); // loaded and idle: updated in place, not fetched again
  });
});

describe('how the sidebar shows the rooms', () => {
  test('channels (general first, then by name) apart from DMs (by their people)', () => {
    const list = [
      summary({ id: 'zeta', name: 'zeta' }),
      summary({ id: 'dm-2', kind: 'dm', name: '' }, { members: [ann, cat] }),
      summary({ id: 'general' }),
      summary({ id: 'alpha', name: 'Alpha', kind: 'private' }),
      summary({ id: 'dm-1', kind: 'dm', name: '' }, { members: [bob, ann] }),
    ];
    const { channels, directMessages } = groupRooms(list, ann.id);
    expect(channels.map((s) => s.room.id)).toEqual(['general', 'alpha', 'zeta']);
    expect(directMessages.map((s) => roomTitle(s, ann.id))).toEqual(['bob', 'Cat']);
  });

  test('a DM is named by the other people, in name order; a channel by its name', () => {
    expect(roomTitle(summary({ id: 'dm', kind: 'dm', name: '' }, { members: [ann, cat, bob] }), ann.id)).toBe('bob, Cat');
    expect(roomTitle(summary({ id: 'dm', kind: 'dm', name: '' }, { members: [ann] }), ann.id)).toBe('ann');
    expect(roomTitle(summary({ id: 'design', name: 'Design' }), ann.id)).toBe('Design');
  });
});
