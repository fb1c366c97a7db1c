// A tiny external store around the chat reducer: the controller dispatches, views subscribe
// to the slice they show (useSyncExternalStore), so a message in one room re-renders only
// what shows that room.
import { useSyncExternalStore } from 'react';
import { chatReducer, type ChatAction, type ChatState } from './chat-reducer.ts';

export interface ChatStore {
  getState(): ChatState;
  dispatch(action: ChatAction): void;
  subscribe(listener: () => void): () => void;
}

export function createChatStore(initial: ChatState): ChatStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = chatReducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** The part of the state `select` picks; re-renders only when that part changes (by identity). */
export function useChatSelector<T>(store: ChatStore, select: (state: ChatState) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
