import { isIPv4, isIPv6 } from 'node:net';
import { type ClientInfo, RetryAfter } from '@chat/contract';
import { clearAttempts, type Db, takeAttempt, type ThrottlePolicy, type ThrottleVerdict } from '@chat/db';
import { TRPCError } from '@trpc/server';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The figures of the login and signup throttles. They are checked before any bcrypt work: 8
 * logins a second were enough to slow every user's WebSocket delivery from 32 ms to 3.7 s.
 */
export const authThrottlePolicies = {
  /**
   * Login attempts on one account (a success clears them): 5 in 15 minutes, then locked for 15
   * minutes, doubling with each further lockout up to 2 hours, forgotten a day after the last.
   */
  loginAccount: { max: 5, windowMs: 15 * MINUTE, lockout: { baseMs: 15 * MINUTE, maxMs: 2 * HOUR, memoryMs: 24 * HOUR } },
  /** Login attempts from one address, whatever the account: 20 a minute. */
  loginAddress: { max: 20, windowMs: MINUTE },
  /** Signups from one address: 5 an hour. */
  signupAddress: { max: 5, windowMs: HOUR },
  /**
   * changePassword's check of the current password, per user (a success clears them): the
   * login's figures, counted apart, so that a stolen session can neither guess the password at
   * bcrypt speed nor lock its owner out of logging in.
   */
  passwordChange: { max: 5, windowMs: 15 * MINUTE, lockout: { baseMs: 15 * MINUTE, maxMs: 2 * HOUR, memoryMs: 24 * HOUR } },
} as const satisfies Record<string, ThrottlePolicy>;

export type AuthThrottlePolicies = Record<keyof typeof authThrottlePolicies, ThrottlePolicy>;

export interface AuthThrottle {
  /** Counts a login attempt (per address, then per account); TOO_MANY_REQUESTS over either limit. */
  login(email: string, client: ClientInfo): Promise<void>;
  /** The account's attempts and lockouts are forgotten. */
  loginSucceeded(email: string): Promise<void>;
  /** Counts a signup attempt per address; TOO_MANY_REQUESTS over the limit. */
  signup(client: ClientInfo): Promise<void>;
  /** Counts a check of a user's current password (changePassword); TOO_MANY_REQUESTS over the limit. */
  passwordCheck(userId: string): Promise<void>;
  /** The user's password checks are forgotten. */
  passwordCheckSucceeded(userId: string): Promise<void>;
}

export function createAuthThrottle(deps: { db: Db; now: () => number; policies: AuthThrottlePolicies }): AuthThrottle {
  const { db, now, policies } = deps;
  const take = async (scope: string, subject: string, policy: ThrottlePolicy) => refuseOver(await takeAttempt(db, scope, subject, policy, now()));
  return {
    async login(email, client) {
      await take('login-ip', addressKey(client.ip), policies.loginAddress);
      await take('login-account', email.toLowerCase(), policies.loginAccount);
    },
    loginSucceeded: (email) => clearAttempts(db, 'login-account', email.toLowerCase()),
    signup: (client) => take('signup-ip', addressKey(client.ip), policies.signupAddress),
    passwordCheck: (userId) => take('password-change', userId, policies.passwordChange),
    passwordCheckSucceeded: (userId) => clearAttempts(db, 'password-change', userId),
  };
}

function refuseOver(verdict: ThrottleVerdict): void {
  if (verdict.allowed) return;
  const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
  throw new TRPCError({
    code: 'TOO_MANY_REQUESTS',
    message: `Too many attempts: try again in ${seconds} s`,
    cause: new RetryAfter(verdict.retryAfterMs),
  });
}

/**
 * The subject an address is counted under: an IPv4 address as it is (an IPv4-mapped IPv6 one
 * too), an IPv6 address by its /64, since one machine usually holds a whole /64. Every request
 * whose address the runtime did not tell shares one subject, `unknown`.
 */
export function addressKey(ip: string | null): string {
  const address = (ip ?? '').replace(/%.*$/, ''); // an IPv6 zone index names a local interface, not a peer
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return 'unknown';
  const [head = '', tail] = address.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  // An embedded IPv4 address (the last 32 bits) takes two groups; only the first four matter here.
  const right = groups(tail).flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]));
  const full = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${full.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
