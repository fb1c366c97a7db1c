import { limits } from '@chat/contract';
import bcrypt from 'bcryptjs';

const utf8 = new TextEncoder();
/** bcrypt reads only the first 72 bytes: two passwords that share them would hash alike. */
const tooLongForBcrypt = (password: string) => utf8.encode(password).length > limits.passwordBytes.max;

export interface Passwords {
  hash(password: string): Promise<string>;
  /**
   * Compares with the stored hash; with no hash it burns the same time and answers false. A
   * password over 72 bytes is false without any bcrypt work: signup never stored one, and
   * bcrypt would compare only its first 72 bytes, so `correct horse…` plus anything would match.
   * A wrong login (401) rather than BAD_REQUEST: the login form tells nothing about the rules.
   */
  verify(password: string, hash: string | undefined): Promise<boolean>;
}

export const MIN_BCRYPT_COST = 10;

export function createPasswords(cost: number): Passwords {
  if (cost < MIN_BCRYPT_COST) throw new Error(`bcrypt cost must be at least ${MIN_BCRYPT_COST}`);
  // A hash of the same cost to compare against when the email is unknown, so that the
  // answer time does not tell which emails have accounts.
  let dummyHash: Promise<string> | undefined;
  return {
    async hash(password) {
      if (tooLongForBcrypt(password)) throw new Error(`A password must be at most ${limits.passwordBytes.max} bytes to hash`);
      return bcrypt.hash(password, cost);
    },
    async verify(password, hash) {
      if (tooLongForBcrypt(password)) return false;
      if (hash) return bcrypt.compare(password, hash);
      dummyHash ??= bcrypt.hash(crypto.randomUUID(), cost);
      await bcrypt.compare(password, await dummyHash);
      return false;
    },
  };
}
