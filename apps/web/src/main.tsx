import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { ConfigErrorScreen } from './ConfigErrorScreen.tsx';
import { loadRuntimeConfig } from './config.ts';
import './styles.css';

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
