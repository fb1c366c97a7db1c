// The whole chat in memory on free ports (no web app), and SDK clients as other users.
import { randomUUID } from 'node:crypto';
import { createChatClient, type ChatClient } from '@chat/client';
import { authThrottlePolicies, startLocalStack, type LocalStack } from '@chat/local';
import WebSocket from 'ws';

/** Every request of these tests comes from 127.0.0.1: more signups and logins an address. */
const throttlePolicies = {
  ...authThrottlePolicies,
  signupAddress: { max: 100, windowMs: 3_600_000 },
  loginAddress: { max: 200, windowMs: 60_000 },
};

export function startStack(): Promise<LocalStack> {
  return startLocalStack({ dataDir: null, ports: { dynamodb: 0, api: 0, ws: 0, web: 0 }, webDir: null, throttlePolicies });
}

export interface Account {
  email: string;
  username: string;
  password: string;
}

/** A fresh account's details (usernames are 3 to 32 of A-Z a-z 0-9 _ . -). */
export function newAccount(prefix: string): Account {
  const tag = randomUUID().slice(0, 8);
  return { email: `${prefix}-${tag}@example.com`, username: `${prefix}_${tag}`, password: 'correct horse battery' };
}

/** Another user, through the SDK, signed up and live. */
export async function sdkUser(stack: LocalStack, account: Account): Promise<ChatClient> {
  const client = createChatClient({ apiUrl: stack.urls.api, wsUrl: stack.urls.ws, WebSocket });
  await client.signup(account);
  await client.connect();
  return client;
}
