// Muted rooms, per user, in localStorage (a preference of this browser, not of the account): a
// muted room shows no unread badge (its mentions still show) and never notifies. Other tabs
// follow through the `storage` event.
import { createStore, type Store } from './store.ts';

export interface MutedRooms {
  /** The ids of the muted rooms. */
  store: Store<ReadonlySet<string>>;
  toggle(roomId: string): void;
  /** Follows changes made in other tabs (the `storage` event); returns the way to stop. */
  followOtherTabs(events?: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void;
}

export const mutedRoomsKey = (userId: string) => `chat.muted.${userId}`;

function read(storage: Storage, key: string): ReadonlySet<string> {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(key) ?? '[]');
    return new Set(Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    return new Set(); // unreadable (edited by hand, another version): nothing muted, rather than a crash
  }
}

export function createMutedRooms(userId: string, storage: Storage = localStorage): MutedRooms {
  const key = mutedRoomsKey(userId);
  const store = createStore(read(storage, key));
  return {
    store,
    toggle(roomId) {
      store.set((muted) => {
        const next = new Set(muted);
        if (!next.delete(roomId)) next.add(roomId);
        try {
          storage.setItem(key, JSON.stringify([...next]));
        } catch {
          // Storage full or refused: muted for this tab only.
        }
        return next;
      });
    },
    followOtherTabs(events = window) {
      const onStorage = (event: StorageEvent) => {
        if (event.key === key || event.key === null) store.set(() => read(storage, key));
      };
      events.addEventListener('storage', onStorage);
      return () => events.removeEventListener('storage', onStorage);
    },
  };
}
