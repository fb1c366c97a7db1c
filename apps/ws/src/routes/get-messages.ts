import type { EventOf, Message } from '@chat/contract';
import { listMessages } from '@chat/db';
import type { ActionRun } from './action.ts';
import { requireAccess } from './membership.ts';

/** API Gateway refuses posts over 128 KB: a page of long messages is cut short to fit. */
export const MAX_POST_BYTES = 128 * 1024 - 1024;

type MessagesFrame = Omit<EventOf<'messages'>, 'id'>;

/**
 * Drops the oldest messages of a page until its frame fits; the cursor then points at the
 * oldest one kept, so the next page starts with what was dropped (no gap).
 */
export function fitToPost(frame: MessagesFrame, maxBytes = MAX_POST_BYTES): MessagesFrame {
  let size = Buffer.byteLength(JSON.stringify(frame));
  if (size <= maxBytes) return frame;
  const kept: Message[] = [...frame.messages];
  while (kept.length > 1 && size > maxBytes) {
    size -= Buffer.byteLength(JSON.stringify(kept.pop())) + 1;
  }
  return { ...frame, messages: kept, nextCursor: kept.at(-1)?.id ?? frame.nextCursor };
}

export const getMessages: ActionRun<'getMessages'> = async (ctx, { action: _action, id: _id, ...query }) => {
  if (!(await requireAccess(ctx, query.roomId))) return;
  const page = await listMessages(ctx.deps.db, query);
  await ctx.answer(fitToPost({ type: 'messages', roomId: query.roomId, ...page }));
};
