import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { loadChatScreen } from './chat/lazy-parts.ts';
import { ConfigErrorScreen } from './ConfigErrorScreen.tsx';
import { loadRuntimeConfig } from './config.ts';
import { SESSION_KEY } from './session/session-store.ts';
import './styles.css';

// Signed in already: the chat's code starts loading now, beside /config.json, not after it.
if (window.localStorage.getItem(SESSION_KEY) !== null) void loadChatScreen().catch(() => {});

const root = createRoot(document.getElementById('root')!);

loadRuntimeConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  (err: unknown) => {
    console.error('chat: could not load /config.json', err);
    root.render(<ConfigErrorScreen />);
  },
);
