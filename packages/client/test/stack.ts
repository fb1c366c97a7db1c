// The local stack as these tests use it: in memory, free ports, no web app; signups and logins
// all come from 127.0.0.1, so more of them per address than in production.
import { authThrottlePolicies, startLocalStack, type LocalStack } from '@chat/local';

export function startTestStack(): Promise<LocalStack> {
  return startLocalStack({
    dataDir: null,
    ports: { dynamodb: 0, api: 0, ws: 0, web: 0 },
    webDir: null,
    throttlePolicies: {
      ...authThrottlePolicies,
      signupAddress: { max: 100, windowMs: 3_600_000 },
      loginAddress: { max: 200, windowMs: 60_000 },
    },
  });
}

let count = 0;
/** Fresh, valid signup input: every user of a stack is new. */
export function newAccount(name: string): { email: string; password: string; username: string } {
  const n = `${++count}${Date.now().toString(36).slice(-4)}`;
  return { email: `${name}${n}@example.com`, password: 'correct horse battery', username: `${name}${n}` };
}
