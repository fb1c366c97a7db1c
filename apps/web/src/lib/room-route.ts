// The open room lives in the URL (/rooms/<id>), so reload and the back button keep it.
import { useCallback, useSyncExternalStore } from 'react';

const PREFIX = '/rooms/';

export function roomIdFromPath(pathname: string): string | null {
  if (!pathname.startsWith(PREFIX)) return null;
  const id = decodeURIComponent(pathname.slice(PREFIX.length).replace(/\/+$/, ''));
  return id || null;
}

export function pathForRoom(roomId: string): string {
  return `${PREFIX}${encodeURIComponent(roomId)}`;
}

const subscribe = (listener: () => void) => {
  window.addEventListener('popstate', listener);
  return () => window.removeEventListener('popstate', listener);
};

/** The room in the URL and a way to go to another one. */
export function useRoomRoute(): [string | null, (roomId: string, options?: { replace?: boolean }) => void] {
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname);
  const navigate = useCallback((roomId: string, options: { replace?: boolean } = {}) => {
    const path = pathForRoom(roomId);
    if (window.location.pathname === path) return;
    if (options.replace) window.history.replaceState(null, '', path);
    else window.history.pushState(null, '', path);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, []);
  return [roomIdFromPath(pathname), navigate];
}
