// DESIGN's invariant, under load: a change committed later in a room has a larger seq than
// every change committed before it, so a reader that resumes from the last seq it saw misses
// nothing. The same scenario runs against a counter-then-write implementation (kept below, for
// this test only) to show that the check catches the bug PITFALLS describes.
import { type Message, type Principal, unchangedMessageFields } from '@chat/contract';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { $add, UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { monotonicFactory } from 'ulid';
import { expect, test } from 'vitest';
import { changesSince } from './change-feed.ts';
import type { Db } from './db.ts';
import { editMessage, reactToMessage, toggledReaction } from './message-changes.ts';
import { listMessages, putMessage, toMessage, toMessageItem, type NewMessage } from './messages.ts';
import { createTestDb } from './testing.ts';

const db = await createTestDb();
const ulid = monotonicFactory();

/** How a scenario writes its changes: each answers the message as stored, with its seq. */
interface ChangeWriter {
  send(draft: NewMessage): Promise<Message>;
  edit(roomId: string, messageId: string, text: string, user: Principal): Promise<Message>;
  react(roomId: string, messageId: string, emoji: string, on: boolean, user: Principal): Promise<Message>;
}

const transactional: ChangeWriter = {
  send: async (draft) => (await putMessage(db, draft)).message,
  edit: (roomId, messageId, text, user) => editMessage(db, { roomId, messageId, text }, user, Date.now()),
  react: (roomId, messageId, emoji, on, user) => reactToMessage(db, { roomId, messageId, emoji, on }, user),
};

/**
 * The obvious implementation PITFALLS warns about: take the next seq from the counter (an
 * atomic ADD), then write the change in a second call. Between the two a writer can be
 * overtaken (a Lambda paused, a slow network: `pause` plays it), so seq 6 lands before 5.
 */
function counterThenWrite(db: Db, pause: () => Promise<void>): ChangeWriter {
  const takeSeq = async (roomId: string) => {
    const { Attributes } = await db.entities.RoomSeq.build(UpdateItemCommand)
      .item({ roomId, lastSeq: $add(1) })
      .options({ returnValues: 'ALL_NEW' })
      .send();
    return Attributes!.lastSeq;
  };
  const write = async (message: Message) => {
    await db.entities.Message.build(PutItemCommand).item(toMessageItem(message)).send();
    return message;
  };
  const read = async (roomId: string, id: string) => {
    const { Item } = await db.entities.Message.build(GetItemCommand).key({ roomId, id }).options({ consistent: true }).send();
    return toMessage(Item!);
  };
  return {
    async send(draft) {
      const seq = await takeSeq(draft.roomId);
      await pause();
      return write({ ...draft, ...unchangedMessageFields(), seq });
    },
    async edit(roomId, messageId, text) {
      const current = await read(roomId, messageId);
      const seq = await takeSeq(roomId);
      await pause();
      return write({ ...current, text, editedAt: Date.now(), seq });
    },
    async react(roomId, messageId, emoji, on, user) {
      const current = await read(roomId, messageId);
      const seq = await takeSeq(roomId);
      await pause();
      return write({ ...current, reactions: toggledReaction(current.reactions, emoji, user.id, on) ?? current.reactions, seq });
    },
  };
}

const WRITERS = 4;
const CHANGES_PER_WRITER = 50;
const RESUME_EVERY_MS = 50;
/** A writer's i-th change: a few sends first (something to edit and react to), then a mix. */
const kindOf = (i: number) => (i < 3 || i % 3 === 0 ? 'send' : i % 3 === 1 ? 'edit' : 'react');
const SENDS_PER_WRITER = Array.from({ length: CHANGES_PER_WRITER }, (_, i) => kindOf(i)).filter((k) => k === 'send').length;

/**
 * 4 writers x 50 changes (sends, edits of their own messages, reactions toggled on anyone's)
 * in one room, while a reader resumes every 50 ms from the last seq it saw, as a client does.
 * Answers the messages whose final state the reader does not hold, and how many resumes it made.
 */
async function runScenario(roomId: string, writer: ChangeWriter) {
  const ids: string[] = [];
  const writeAll = async (w: number) => {
    const user: Principal = { id: `writer-${w}`, username: `writer${w}` };
    const own: string[] = [];
    const reacted = new Set<string>();
    for (let i = 0; i < CHANGES_PER_WRITER; i++) {
      const kind = kindOf(i);
      if (kind === 'send') {
        const draft = { id: ulid(), roomId, userId: user.id, username: user.username, text: `w${w} #${i}`, createdAt: Date.now(), clientMsgId: `w${w}-${i}` };
        const m = await writer.send(draft);
        own.push(m.id);
        ids.push(m.id);
      } else if (kind === 'edit') {
        await writer.edit(roomId, own[(i * 7) % own.length]!, `w${w} edit ${i}`, user);
      } else {
        const target = ids[(i * 13 + w) % ids.length]!;
        // Only this writer changes its own reactions: it knows which way a toggle goes.
        const on = !reacted.has(target);
        if (on) reacted.add(target);
        else reacted.delete(target);
        await writer.react(roomId, target, '👍', on, user);
      }
    }
  };

  const seen = new Map<string, Message>();
  let since = 0;
  let resumes = 0;
  const resume = async () => {
    for (;;) {
      resumes++;
      const page = await changesSince(db, roomId, since);
      for (const m of page.changes) if ((seen.get(m.id)?.seq ?? -1) < m.seq) seen.set(m.id, m);
      since = page.hasMore ? page.changes.at(-1)!.seq : page.seq;
      if (!page.hasMore) return;
    }
  };
  let writing = true;
  const reader = (async () => {
    while (writing) {
      await resume();
      await new Promise((r) => setTimeout(r, RESUME_EVERY_MS));
    }
    await resume(); // one last time once every writer is done
  })();
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writeAll(w))).finally(() => (writing = false));
  await reader;

  // The truth: the room's whole history, read back.
  const stored: Message[] = [];
  let before: string | null = null;
  do {
    const page = await listMessages(db, { roomId, before, limit: 100 });
    stored.push(...page.messages);
    before = page.nextCursor;
  } while (before);
  const missed = stored.filter((m) => JSON.stringify(seen.get(m.id)) !== JSON.stringify(m));
  return { stored, missed, resumes, lastSeq: since };
}

test('4 writers x 50 changes while a reader resumes every 50 ms: the reader holds every message in its final state', async () => {
  const { stored, missed, resumes, lastSeq } = await runScenario('invariant', transactional);
  expect(stored).toHaveLength(WRITERS * SENDS_PER_WRITER);
  expect(lastSeq).toBe(WRITERS * CHANGES_PER_WRITER); // every change took exactly one seq
  expect(resumes).toBeGreaterThan(2);
  expect(missed.map((m) => `${m.id} seq ${m.seq}`)).toEqual([]);
});

test('the same check catches a counter-then-write implementation', async () => {
  const pause = () => new Promise<void>((r) => setTimeout(r, Math.random() * 20));
  const { missed } = await runScenario('counter-then-write', counterThenWrite(db, pause));
  expect(missed.length).toBeGreaterThan(0);
});
