// messages.edit / delete / react / list {replyTo} over HTTP, as any client calls them, against
// the real app and a real DynamoDB Local. Messages are sent the way the ws Lambda stores them.
import type { Message } from '@chat/contract';
import { createRoom, putMessage } from '@chat/db';
import { describe, expect, test } from 'vitest';
import { createTestApp } from './testing.ts';

const { app, db } = await createTestApp();
let ids = 0;
/** ULID-shaped ids, increasing: fresh tables per run, so no clash. */
const ulid = () => `01K${String(++ids).padStart(23, '0')}`;

interface TrpcAnswer {
  status: number;
  body: {
    result?: { data: any };
    error?: { message: string; data: { code: string; httpStatus: number; fieldErrors: Record<string, string[]> | null } };
  };
}

async function call(path: string, input: unknown, token: string): Promise<TrpcAnswer> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const res =
    path === 'messages.list'
      ? await app.request(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await app.request(`/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(input) });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

let n = 0;
async function signup() {
  const tag = `${Date.now().toString(36)}${++n}`;
  const res = await call('auth.signup', { email: `m.${tag}@example.com`, password: 'correct horse', username: `m_${tag}` }, '');
  const { token, user } = res.body.result!.data;
  return { token: token as string, id: user.id as string, username: user.username as string };
}

async function send(user: { id: string; username: string }, roomId: string, text: string, replyTo?: string): Promise<Message> {
  const draft = { id: ulid(), roomId, userId: user.id, username: user.username, text, createdAt: Date.now(), clientMsgId: ulid() };
  return (await putMessage(db, { ...draft, ...(replyTo && { replyTo }) })).message;
}

const code = (answer: TrpcAnswer) => answer.body.error?.data.code;

describe('messages', () => {
  test('edit and delete own messages; another user’s message -> FORBIDDEN and unchanged', async () => {
    const [ann, bob] = await Promise.all([signup(), signup()]);
    const m = await send(ann, 'general', 'first draft');
    const ref = { roomId: 'general', messageId: m.id };

    expect(code(await call('messages.edit', { ...ref, text: 'not yours' }, bob.token))).toBe('FORBIDDEN');
    expect(code(await call('messages.delete', ref, bob.token))).toBe('FORBIDDEN');
    const forbidden = await call('messages.edit', { ...ref, text: 'x' }, bob.token);
    expect(forbidden.status).toBe(403);

    const edited = await call('messages.edit', { ...ref, text: `  final, @${bob.username}  ` }, ann.token);
    expect(edited.body.result!.data).toMatchObject({ id: m.id, text: `final, @${bob.username}`, mentions: [bob.id], seq: m.seq + 1 });
    expect(edited.body.result!.data.editedAt).toEqual(expect.any(Number));

    const deleted = await call('messages.delete', ref, ann.token);
    expect(deleted.body.result!.data).toMatchObject({ id: m.id, text: '', mentions: [], reactions: [], seq: m.seq + 2 });
    expect(deleted.body.result!.data.deletedAt).toEqual(expect.any(Number));
    expect((await call('messages.delete', ref, ann.token)).body.result!.data).toEqual(deleted.body.result!.data);
    expect(code(await call('messages.edit', { ...ref, text: 'undelete' }, ann.token))).toBe('BAD_REQUEST');
    expect(code(await call('messages.react', { ...ref, emoji: '👍', on: true }, bob.token))).toBe('BAD_REQUEST');
  });

  test('a reaction twice is one reaction; off removes it', async () => {
    const [ann, bob] = await Promise.all([signup(), signup()]);
    const m = await send(ann, 'general', 'react to this');
    const react = (on: boolean) => call('messages.react', { roomId: 'general', messageId: m.id, emoji: '🎉', on }, bob.token);
    const first = await react(true);
    const second = await react(true);
    expect(first.body.result!.data.reactions).toEqual([{ emoji: '🎉', userIds: [bob.id] }]);
    expect(second.body.result!.data).toEqual(first.body.result!.data);
    expect((await react(false)).body.result!.data.reactions).toEqual([]);
  });

  test('a reply to a message of another room -> BAD_REQUEST; messages.list {replyTo} lists a thread', async () => {
    const ann = await signup();
    const side = (await createRoom(db, { name: `side ${n}`, createdBy: ann, now: Date.now() })).id;
    const elsewhere = await send(ann, side, 'in the side room');
    await expect(send(ann, 'general', 'cross-room reply', elsewhere.id)).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const parent = await send(ann, side, 'thread start');
    const replies = [await send(ann, side, 'r1', parent.id), await send(ann, side, 'r2', parent.id)];
    const thread = await call('messages.list', { roomId: side, replyTo: parent.id }, ann.token);
    expect(thread.body.result!.data).toEqual({ messages: [...replies].reverse().map((r) => expect.objectContaining({ id: r.id })), nextCursor: null });
    const room = await call('messages.list', { roomId: side }, ann.token);
    expect(room.body.result!.data.messages.find((m: Message) => m.id === parent.id)).toMatchObject({ replyCount: 2 });
  });

  test('bad input -> BAD_REQUEST naming the field; no such room or message -> NOT_FOUND', async () => {
    const ann = await signup();
    const m = await send(ann, 'general', 'target');
    const cases: [string, unknown, string][] = [
      ['messages.edit', { roomId: 'general', messageId: m.id, text: '   ' }, 'text'],
      ['messages.edit', { roomId: 'general', messageId: 'not-a-ulid', text: 'x' }, 'messageId'],
      ['messages.react', { roomId: 'general', messageId: m.id, emoji: 'ab', on: true }, 'emoji'],
      ['messages.react', { roomId: 'general', messageId: m.id, emoji: '👍👍', on: true }, 'emoji'],
      ['messages.react', { roomId: 'general', messageId: m.id, emoji: '👍' }, 'on'],
      ['messages.delete', { roomId: 'Bad Room', messageId: m.id }, 'roomId'],
      ['messages.list', { roomId: 'general', replyTo: 'nope' }, 'replyTo'],
    ];
    for (const [path, input, field] of cases) {
      const answer = await call(path, input, ann.token);
      expect(code(answer), `${path} ${JSON.stringify(input)}`).toBe('BAD_REQUEST');
      expect(answer.body.error!.data.fieldErrors).toHaveProperty(field);
    }
    expect(code(await call('messages.delete', { roomId: 'no-such-room', messageId: m.id }, ann.token))).toBe('NOT_FOUND');
    expect(code(await call('messages.delete', { roomId: 'general', messageId: ulid() }, ann.token))).toBe('NOT_FOUND');
    const inverted = await call('messages.list', { roomId: 'general', after: ulid(), before: m.id }, ann.token);
    expect(code(inverted)).toBe('BAD_REQUEST');
  });
});
