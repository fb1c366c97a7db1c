import { limits } from '@chat/contract';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { expect, test } from 'vitest';
import { dmRoomId, openDm } from './dms.ts';
import { getMembership, roomMembers } from './membership.ts';
import { createTestDb } from './testing.ts';

const db = await createTestDb();
let n = 0;
const user = (name: string) => ({ id: `${name}-${++n}`, username: name });

test('dmRoomId: one id per set of people, whatever the order or repeats; URL-safe and within limits', () => {
  const id = dmRoomId(['b', 'a', 'c']);
  expect(dmRoomId(['c', 'a', 'b', 'a'])).toBe(id);
  expect(dmRoomId(['a', 'b'])).not.toBe(id);
  expect(id).toMatch(limits.roomId.pattern);
  expect(id.length).toBeLessThanOrEqual(limits.roomId.max);
  expect(id.startsWith('dm-')).toBe(true);
});

test('openDm stores the room with its members and every membership; opening it again answers the same room', async () => {
  const [ann, bob, cat] = [user('ann'), user('bob'), user('cat')];
  const dm = await openDm(db, ann, [cat, bob, ann], 7);
  expect(dm).toMatchObject({ id: dmRoomId([ann.id, bob.id, cat.id]), kind: 'dm', name: '', createdBy: ann.id, createdAt: 7 });
  const { Item } = await db.entities.Room.build(GetItemCommand).key({ id: dm.id }).send();
  expect(Item?.members).toEqual([ann, bob, cat].sort((a, b) => (a.id < b.id ? -1 : 1)));
  expect((await roomMembers(db, dm.id)).map((m) => m.id).sort()).toEqual([ann.id, bob.id, cat.id].sort());
  for (const u of [ann, bob, cat]) expect(await getMembership(db, u.id, dm.id)).toMatchObject({ readSeq: 0 });
  expect(await openDm(db, cat, [bob, ann], 99)).toEqual(dm);
});

test('both sides opening a DM at once get one room', async () => {
  for (let round = 0; round < 5; round++) {
    const [ann, bob] = [user('ann'), user('bob')];
    const [a, b] = await Promise.all([openDm(db, ann, [bob], 1), openDm(db, bob, [ann], 2)]);
    expect(a).toEqual(b);
    expect((await roomMembers(db, a.id)).length).toBe(2);
  }
});

test('fewer than 2 or more than 9 people is BAD_REQUEST', async () => {
  const ann = user('ann');
  await expect(openDm(db, ann, [ann], 1)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  const many = Array.from({ length: limits.dm.maxMembers }, () => user('many'));
  await expect(openDm(db, ann, many, 1)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  expect((await openDm(db, ann, many.slice(1), 1)).kind).toBe('dm');
});
