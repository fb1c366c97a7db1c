import { resolve } from 'node:path';
import type { AuthThrottlePolicies } from '@chat/api/deps';
import type { actionBudgets } from '@chat/ws/deps';

const repoRoot = resolve(import.meta.dirname, '../../..');

/** The web app's sources and production build (`vite build` writes `dist/`). */
export const webAppDir = resolve(repoRoot, 'apps/web');

function port(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got "${value}"`);
  return n;
}

export interface LocalConfig {
  /**
   * Where DynamoDB Local keeps its data, with the JWT secret and the stream checkpoint.
   * null: DynamoDB in memory, a fresh secret, nothing written to disk (tests).
   */
  dataDir: string | null;
  /** 0 picks a free port (tests); the stack reports the real ones in `urls`. */
  ports: { dynamodb: number; api: number; ws: number; web: number };
  /** The web app's production build served on `ports.web` with a generated /config.json; null: no web server. */
  webDir: string | null;
  /**
   * The login and signup throttles' figures; the production ones unless given. Every local
   * request comes from 127.0.0.1, so a test that signs up more than 5 users needs more.
   */
  throttlePolicies?: AuthThrottlePolicies;
  /** The WebSocket actions' per-user budgets; the production ones unless given (tests that seed hundreds of messages from one user need more). */
  actionBudgets?: typeof actionBudgets;
}

/** Settings of `npm start`, each overridable by an environment variable (see README). */
export function localConfigFromEnv(): LocalConfig {
  return {
    dataDir: resolve(process.env.CHAT_DATA_DIR || resolve(repoRoot, '.data')),
    ports: {
      dynamodb: port('DYNAMODB_PORT', 8000),
      api: port('API_PORT', 3001),
      ws: port('WS_PORT', 3002),
      web: port('WEB_PORT', 5173),
    },
    webDir: resolve(webAppDir, 'dist'),
  };
}
