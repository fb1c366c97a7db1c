// Test helper: the real app over fresh tables in the test run's DynamoDB Local.
import { createTokens } from '@chat/auth';
import { createTestDb } from '@chat/db/testing';
import { createApp } from './app.ts';
import { createPasswords } from './passwords.ts';
import { createServices } from './services/index.ts';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-bytes-long';

export async function createTestApp() {
  const db = await createTestDb();
  const tokens = createTokens({ secret: TEST_SECRET, ttlSeconds: 3600 });
  const services = createServices({ db, tokens, passwords: createPasswords(10), now: Date.now });
  const app = createApp({ services, corsOrigins: ['http://localhost:5173'] });
  return { app, db, services, tokens };
}
