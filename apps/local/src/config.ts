import { resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../../..');

function port(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got "${value}"`);
  return n;
}

export interface LocalConfig {
  dataDir: string;
  ports: { dynamodb: number; api: number; ws: number };
  webOrigin: string;
}

/** Settings of `npm start`, each overridable by an environment variable (see README). */
export function localConfigFromEnv(): LocalConfig {
  const ports = { dynamodb: port('DYNAMODB_PORT', 8000), api: port('API_PORT', 3001), ws: port('WS_PORT', 3002) };
  return {
    dataDir: resolve(process.env.CHAT_DATA_DIR || resolve(repoRoot, '.data')),
    ports,
    webOrigin: `http://localhost:${port('WEB_PORT', 5173)}`,
  };
}
