// Opening a room from anywhere below ChatLayout (a dialog, a message author's name).
import { createContext, useContext } from 'react';

export const RoomNavigationContext = createContext<((roomId: string) => void) | null>(null);

export function useOpenRoom(): (roomId: string) => void {
  const open = useContext(RoomNavigationContext);
  if (!open) throw new Error('useOpenRoom outside <ChatLayout>');
  return open;
}
