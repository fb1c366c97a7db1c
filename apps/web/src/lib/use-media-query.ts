import { useCallback, useSyncExternalStore } from 'react';

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (listener: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', listener);
      return () => list.removeEventListener('change', listener);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}

/** Below this width the sidebar is a drawer behind a toggle (keep in step with styles.css). */
export const NARROW_SCREEN = '(max-width: 800px)';

/** A finger, not a mouse: no hover, no keyboard shortcuts to advertise, bigger targets. */
export const TOUCH_SCREEN = '(hover: none), (pointer: coarse)';
