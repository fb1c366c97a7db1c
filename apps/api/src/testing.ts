// Test helper: the real app over fresh tables in the test run's DynamoDB Local.
import { createTokens } from '@chat/auth';
import type { Db } from '@chat/db';
import { createTestDb } from '@chat/db/testing';
import type { Context } from 'hono';
import { createApp } from './app.ts';
import type { RequestContext } from './log-context.ts';
import { createPasswords, type Passwords } from './passwords.ts';
import type { AuthThrottlePolicies } from './services/auth-throttle.ts';
import { createServices } from './services/index.ts';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-bytes-long';

/** app.request has no socket: a test names the caller's address in this header (only test apps read it). */
export const TEST_ADDRESS_HEADER = 'x-test-client-address';

/**
 * Figures for suites that sign up and log in dozens of users from one address; the throttles'
 * own tests pass `authThrottlePolicies`, the production ones.
 */
export const generousThrottlePolicies: AuthThrottlePolicies = {
  loginAccount: { max: 1000, windowMs: 60_000 },
  loginAddress: { max: 10_000, windowMs: 60_000 },
  signupAddress: { max: 10_000, windowMs: 60_000 },
  passwordChange: { max: 1000, windowMs: 60_000 },
};

export interface TestAppOptions {
  /** Another instance over the same tables: pass the first one's db. */
  db?: Db;
  passwords?: Passwords;
  throttlePolicies?: AuthThrottlePolicies;
  /** Where a request's Lambda context is read: `app.request(path, init, { lambdaContext })` with lambdaRequestContext. */
  requestContext?: RequestContext;
}

export async function createTestApp(options: TestAppOptions = {}) {
  const db = options.db ?? (await createTestDb());
  const tokens = createTokens({ secret: TEST_SECRET, ttlSeconds: 3600 });
  const services = createServices({
    db,
    tokens,
    passwords: options.passwords ?? createPasswords(10),
    now: Date.now,
    throttlePolicies: options.throttlePolicies ?? generousThrottlePolicies,
  });
  const app = createApp({
    services,
    corsOrigins: ['http://localhost:5173'],
    clientAddress: testClientAddress,
    ...(options.requestContext && { requestContext: options.requestContext }),
  });
  return { app, db, services, tokens };
}

export const testClientAddress = (c: Context) => c.req.header(TEST_ADDRESS_HEADER) ?? null;
