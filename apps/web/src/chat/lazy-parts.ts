// The parts of the app loaded apart from the first bundle, so the login screen carries none of
// the chat, and the chat none of what only opens on demand (the thread, the picker, a dialog).
// vite makes each dynamic import its own chunk.
import { lazy } from 'react';

export const loadChatScreen = () => import('./ChatScreen.tsx');
const loadThreadPanel = () => import('./thread/ThreadPanel.tsx');
const loadEmojiPicker = () => import('./room/message/EmojiPicker.tsx');
const loadDeleteMessageDialog = () => import('./room/message/DeleteMessageDialog.tsx');

export const ChatScreen = lazy(async () => ({ default: (await loadChatScreen()).ChatScreen }));
export const ThreadPanel = lazy(async () => ({ default: (await loadThreadPanel()).ThreadPanel }));
export const EmojiPicker = lazy(async () => ({ default: (await loadEmojiPicker()).EmojiPicker }));
export const DeleteMessageDialog = lazy(async () => ({ default: (await loadDeleteMessageDialog()).DeleteMessageDialog }));

/** Fetches the on-demand parts once the browser is idle, so that opening one does not wait on the network. */
export function preloadOnDemandParts(): () => void {
  const load = () => void Promise.all([loadThreadPanel(), loadEmojiPicker(), loadDeleteMessageDialog()]).catch(() => {});
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(load, { timeout: 5_000 });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(load, 2_000);
  return () => clearTimeout(timer);
}
