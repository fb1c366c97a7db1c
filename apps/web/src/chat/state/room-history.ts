// Each room's history in TanStack Query: one infinite query over messages.list (its cursor is
// `before`, not `cursor`, so tRPC's infiniteQueryOptions does not apply: the query calls the
// tRPC client itself), and the one way messages from elsewhere (the socket, a mutation's
// answer) get into it.
import type { HistoryQuery, Message, MessagePage } from '@chat/contract';
import { infiniteQueryOptions, type QueryClient } from '@tanstack/react-query';
import { keepLoadedStates, upsertMessage, type MessagePages, type Upsert } from './message-cache.ts';

export const HISTORY_PAGE_SIZE = 50;

export const roomHistoryKey = (roomId: string) => ['chat', 'history', roomId] as const;

export type FetchHistory = (query: HistoryQuery, signal: AbortSignal) => Promise<MessagePage>;

export function roomHistoryOptions(roomId: string, fetchHistory: FetchHistory) {
  return infiniteQueryOptions({
    queryKey: roomHistoryKey(roomId),
    queryFn: ({ pageParam, signal }) =>
      fetchHistory({ roomId, limit: HISTORY_PAGE_SIZE, ...(pageParam !== undefined && { before: pageParam }) }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: MessagePage) => page.nextCursor ?? undefined,
    // The socket keeps what is loaded current: never refetched wholesale.
    staleTime: Infinity,
    // Offline, a load fails and says so (and loads again when back), rather than waiting silently.
    networkMode: 'always',
    structuralSharing: (previous, next) => keepLoadedStates(previous as MessagePages | undefined, next as MessagePages),
  });
}

export interface HistorySync {
  /** Merges a message state into its room's loaded history; undefined when that room has none loaded. */
  apply(message: Message): Upsert | undefined;
  dispose(): void;
}

/**
 * A page fetch writes what it fetched on top of the pages as they were when it started
 * (TanStack's infinite query behaviour), so a message merged meanwhile would be lost, and a
 * first page read before a message was stored would miss it. What arrives while a room's
 * history is fetching is kept and merged again once the fetch has landed (idempotent by seq).
 */
export function createHistorySync(queryClient: QueryClient): HistorySync {
  const cache = queryClient.getQueryCache();
  const duringFetch = new Map<string, Map<string, Message>>(); // room -> id -> latest state

  function apply(message: Message): Upsert | undefined {
    const key = roomHistoryKey(message.roomId);
    if (cache.find({ queryKey: key, exact: true })?.state.fetchStatus === 'fetching') {
      const kept = duringFetch.get(message.roomId) ?? new Map<string, Message>();
      duringFetch.set(message.roomId, kept);
      if ((kept.get(message.id)?.seq ?? -1) < message.seq) kept.set(message.id, message);
    }
    let upsert: Upsert | undefined;
    queryClient.setQueryData<MessagePages>(key, (data) => {
      if (!data) return undefined; // nothing loaded: its first page will hold this state or a later one
      upsert = upsertMessage(data, message);
      return upsert.data;
    });
    return upsert;
  }

  const unsubscribe = cache.subscribe((event) => {
    if (event.type !== 'updated') return;
    const { action } = event;
    if ((action.type !== 'success' || action.manual) && action.type !== 'error') return;
    const [scope, kind, roomId] = event.query.queryKey as readonly unknown[];
    if (scope !== 'chat' || kind !== 'history' || typeof roomId !== 'string') return;
    const kept = duringFetch.get(roomId);
    if (!kept) return;
    duringFetch.delete(roomId);
    if (action.type === 'success') for (const message of kept.values()) apply(message);
  });

  return {
    apply,
    dispose() {
      unsubscribe();
      duringFetch.clear();
    },
  };
}
