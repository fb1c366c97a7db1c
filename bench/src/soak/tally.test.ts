import type { Message } from '@chat/contract';
import { describe, expect, it } from 'vitest';
import { failuresOf, SoakTally } from './tally.ts';

// Two rooms: clients 0 and 2 in room 0, clients 1 and 3 in room 1.
const tally = () => new SoakTally(4, (c) => c % 2, 0);
const message = (clientMsgId: string, id = `id-${clientMsgId}`, seq = 1) => ({ id, clientMsgId, seq }) as Message;

describe('SoakTally', () => {
  it('counts an acked message a connected member never got as lost, and passes once it arrives', () => {
    const t = tally();
    t.sent('a', 0, 1_000);
    t.answered('a', 'ack');
    t.received(0, message('a'), 1_040);
    expect(t.figures()).toMatchObject({ sent: 1, acked: 1, expected: 2, lost: 1 });
    expect(t.outstanding()).toBe(1);
    expect(failuresOf(t.figures())).toEqual(['lost 1']);
    t.received(2, message('a'), 1_090);
    expect(t.figures()).toMatchObject({ lost: 0, minutes: [{ minute: 1, sent: 1, acked: 1, delivered: 2, max: 90 }] });
    expect(t.outstanding()).toBe(0);
    expect(failuresOf(t.figures())).toEqual([]);
  });

  it('drops a copy of the same id and seq (a raw duplicate), keeps a later seq as a change, and counts a second id for one send as duplicated', () => {
    const t = tally();
    t.sent('a', 1, 0);
    t.answered('a', 'ack');
    t.received(1, message('a'), 10);
    t.received(1, message('a'), 20);
    t.received(1, message('a', 'id-a', 2), 30);
    expect(t.figures()).toMatchObject({ rawDuplicates: 1, duplicated: 0 });
    t.received(3, message('a'), 10);
    t.received(3, message('a', 'another-id'), 40);
    expect(t.figures()).toMatchObject({ rawDuplicates: 1, duplicated: 1, lost: 0 });
    expect(failuresOf(t.figures())).toEqual(['duplicated 1']);
  });

  it('counts a copy in another room as misdelivered, a send without an answer as unanswered, an error answer as refused', () => {
    const t = tally();
    t.sent('a', 0, 0);
    t.sent('b', 1, 0);
    t.answered('b', 'RATE_LIMITED');
    t.received(1, message('a'), 5);
    const f = t.figures();
    expect(f).toMatchObject({ misdelivered: 1, unanswered: 1, acked: 0, errors: { RATE_LIMITED: 1 } });
    expect(failuresOf(f)).toEqual(['misdelivered 1', 'unanswered 1', 'refused 1 ({"RATE_LIMITED":1})']);
  });

  it('expects nothing more of a member whose socket closed, and counts the close', () => {
    const t = tally();
    t.sent('a', 0, 0);
    t.answered('a', 'ack');
    t.received(0, message('a'), 5);
    t.disconnected(2);
    expect(t.figures()).toMatchObject({ expected: 1, lost: 0, disconnected: 1 });
  });

  it('puts each latency in the minute its message was sent', () => {
    const t = tally();
    t.sent('a', 0, 59_000);
    t.sent('b', 0, 61_000);
    t.received(0, message('a'), 62_000);
    t.received(0, message('b'), 61_500);
    expect(t.figures().minutes.map((m) => [m.minute, m.sent, m.max])).toEqual([
      [1, 1, 3_000],
      [2, 1, 500],
    ]);
  });

  it('forgets every send and copy on dropRecords: a figure taken before is unchanged, a late copy counts nowhere', () => {
    const t = tally();
    t.sent('a', 0, 0);
    t.answered('a', 'ack');
    t.received(0, message('a'), 5);
    const before = t.figures();
    t.dropRecords();
    t.received(2, message('a'), 9);
    expect(before).toMatchObject({ sent: 1, lost: 1 });
    expect(t.figures()).toMatchObject({ sent: 0, expected: 0, lost: 0, rawDuplicates: 0, minutes: [] });
  });
});
