import bcrypt from 'bcryptjs';

export interface Passwords {
  hash(password: string): Promise<string>;
  /** Compares with the stored hash; with no hash it burns the same time and answers false. */
  verify(password: string, hash: string | undefined): Promise<boolean>;
}

export const MIN_BCRYPT_COST = 10;

export function createPasswords(cost: number): Passwords {
  if (cost < MIN_BCRYPT_COST) throw new Error(`bcrypt cost must be at least ${MIN_BCRYPT_COST}`);
  // A hash of the same cost to compare against when the email is unknown, so that the
  // answer time does not tell which emails have accounts.
  let dummyHash: Promise<string> | undefined;
  return {
    hash: (password) => bcrypt.hash(password, cost),
    async verify(password, hash) {
      if (hash) return bcrypt.compare(password, hash);
      dummyHash ??= bcrypt.hash(crypto.randomUUID(), cost);
      await bcrypt.compare(password, await dummyHash);
      return false;
    },
  };
}
