// The open room's messages as the list shows them: its history (TanStack Query, kept current by
// the socket), then its outgoing messages; and the state of paging back.
import type { Message } from '@chat/contract';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { describeRequestError } from '../../lib/errors.ts';
import { useChat } from '../chat-context.ts';
import { displayMessages, type DisplayMessage } from '../state/display-messages.ts';
import { messagesOldestFirst } from '../state/message-cache.ts';
import { useOutbox } from '../use-room-state.ts';

export interface RoomHistory {
  messages: DisplayMessage[];
  /** The stored messages loaded, oldest first (a reply's parent is looked up here). */
  stored: Message[];
  loading: 'latest' | 'older' | null;
  /** Why the last load failed, as a sentence. */
  error: string | null;
  /** The room's first message is loaded. */
  atStart: boolean;
  /** Loads the next older page (no-op while loading, failed or at the start). */
  loadOlder(): void;
  /** Tries the failed load again. */
  retry(): void;
}

export function useRoomHistory(roomId: string): RoomHistory {
  const { controller, self } = useChat();
  const query = useInfiniteQuery(useMemo(() => controller.historyOptions(roomId), [controller, roomId]));
  const outbox = useOutbox();
  const stored = useMemo(() => messagesOldestFirst(query.data), [query.data]);
  const messages = useMemo(() => displayMessages(self, stored, outbox, roomId), [self, stored, outbox, roomId]);
  const { data, isFetching, isFetchingNextPage, isFetchNextPageError, error, hasNextPage, fetchNextPage, refetch } = query;
  // Stable between renders that change nothing they read, so effects can depend on them.
  const loadOlder = useCallback(() => {
    // Not after a failure: that waits for "Try again", rather than retrying on every scroll event.
    if (hasNextPage && !isFetchNextPageError) void fetchNextPage({ cancelRefetch: false });
  }, [hasNextPage, isFetchNextPageError, fetchNextPage]);
  const retry = useCallback(() => void (isFetchNextPageError ? fetchNextPage() : refetch()), [isFetchNextPageError, fetchNextPage, refetch]);
  return {
    messages,
    stored,
    loading: data === undefined ? (isFetching ? 'latest' : null) : isFetchingNextPage ? 'older' : null,
    error: error && !isFetching ? describeRequestError(error) : null,
    atStart: data !== undefined && !hasNextPage,
    loadOlder,
    retry,
  };
}
