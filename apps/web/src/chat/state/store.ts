// A tiny external store: the controller writes, views subscribe to the slice they show
// (useSyncExternalStore), so a change in one room re-renders only what shows that room.
import { useSyncExternalStore } from 'react';

export interface Store<T> {
  get(): T;
  /** No-op (and no notification) when `update` returns the same value. */
  set(update: (value: T) => T): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(update) {
      const next = update(value);
      if (Object.is(next, value)) return;
      value = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** The part of the value `select` picks; re-renders only when that part changes (by identity). */
export function useStore<T, U>(store: Store<T>, select: (value: T) => U): U {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}

/** `record` with `key` set to `value` (the same record when it already was). */
export function withEntry<V>(record: Record<string, V>, key: string, value: V): Record<string, V> {
  return Object.is(record[key], value) ? record : { ...record, [key]: value };
}
