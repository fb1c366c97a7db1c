// Rooms of a given length for the web benchmark, written straight into the messages table
// (BatchWriteItem, 25 at a time) with their seqs and the room's counter, as the ws handler
// would have left them after that many sends, but in a second rather than minutes.
import { type Message, unchangedMessageFields, type User } from '@chat/contract';
import { createRoom, type Db, toMessageItem } from '@chat/db';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { BatchWriteCommand, execute } from 'dynamodb-toolbox/table/actions/batchWrite';
import { monotonicFactory } from 'ulid';

const others = [
  { id: 'bench-user-ann', username: 'ann' },
  { id: 'bench-user-bob', username: 'bob' },
];

const sentences = [
  'Morning! Did the deploy go out?',
  'Yes, about ten minutes ago. The dashboards look calm so far.',
  'Great, thanks. I will keep an eye on the error rate for the next hour or so, just in case the new cache misbehaves under load.',
  'ok',
  'Has anyone looked at the flaky test in the socket client? It failed twice on main today and I could not reproduce it locally.',
  'Lunch at noon?',
  'I pushed a fix for the scroll jump, see https://example.com/pull/42 when you have a minute.',
  'Sounds good 👍',
];

/** Messages `gapMs` apart, ending now: a conversation of three people, each speaking 1 to 3 times in a row. */
export async function seedRoom(db: Db, name: string, count: number, self: User, gapMs = 45_000): Promise<{ id: string; lastText: string }> {
  // self as a user: the room's first member, so that the web app may read it.
  const room = await createRoom(db, { name, createdBy: { id: self.id, username: self.username }, now: Date.now() });
  const authors = [{ id: self.id, username: self.username }, ...others];
  const newId = monotonicFactory();
  const start = Date.now() - count * gapMs;
  const messages: Message[] = Array.from({ length: count }, (_, i) => {
    const author = authors[Math.floor(i / (1 + (i % 3))) % authors.length]!;
    const createdAt = start + i * gapMs;
    return {
      ...unchangedMessageFields(),
      id: newId(createdAt),
      roomId: room.id,
      userId: author.id,
      username: author.username,
      text: `${sentences[i % sentences.length]} (#${i + 1})`,
      createdAt,
      clientMsgId: `bench-${room.id}-${i}`,
      seq: i + 1,
      reactions: i % 10 === 0 ? [{ emoji: '👍', userIds: [others[0]!.id] }] : [],
    };
  });
  const puts = messages.map((m) => db.entities.Message.build(BatchPutRequest).item(toMessageItem(m, m.seq)));
  for (let i = 0; i < puts.length; i += 25) {
    await execute({ maxAttempts: 10 }, db.tables.messages.build(BatchWriteCommand).requests(...puts.slice(i, i + 25)));
  }
  await db.entities.RoomSeq.build(PutItemCommand).item({ roomId: room.id, lastSeq: count }).send();
  return { id: room.id, lastText: messages.at(-1)!.text };
}
