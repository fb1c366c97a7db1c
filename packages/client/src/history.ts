// A room's history (or a thread's replies) as one async iterator, newest first: messages.list
// page by page, each page's `nextCursor` as the next `before`, until the page that has none.
import type { Message } from '@chat/contract';
import type { ApiInputs, ApiOutputs } from './types.ts';

type ListPage = (input: ApiInputs['messages']['list']) => Promise<ApiOutputs['messages']['list']>;

export async function* historyPages(
  list: ListPage,
  roomId: string,
  options: { pageSize?: number; replyTo?: string } = {},
): AsyncGenerator<Message, void, undefined> {
  let before: string | null = null;
  do {
    const page = await list({
      roomId,
      ...(before !== null && { before }),
      ...(options.pageSize !== undefined && { limit: options.pageSize }),
      ...(options.replyTo !== undefined && { replyTo: options.replyTo }),
    });
    yield* page.messages;
    before = page.nextCursor;
  } while (before !== null);
}
