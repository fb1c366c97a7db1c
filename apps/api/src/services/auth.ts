import type { Tokens } from '@chat/auth';
import { FieldIssues, type AuthResult, type AuthService, type User } from '@chat/contract';
import { createUser, type Db, findUserByEmail, getUser, type StoredUser, UniqueConstraintError } from '@chat/db';
import { TRPCError } from '@trpc/server';
import type { Passwords } from '../passwords.ts';

const BAD_CREDENTIALS = 'Email or password is incorrect';

function publicUser(user: StoredUser): User {
  return { id: user.id, email: user.email, username: user.username };
}

export function createAuthService(deps: { db: Db; tokens: Tokens; passwords: Passwords; now: () => number }): AuthService {
  const { db, tokens, passwords, now } = deps;

  async function session(user: StoredUser): Promise<AuthResult> {
    return { token: await tokens.issue({ id: user.id, username: user.username }), user: publicUser(user) };
  }

  return {
    async signup(input) {
      const user: StoredUser = {
        id: crypto.randomUUID(),
        email: input.email,
        username: input.username,
        passwordHash: await passwords.hash(input.password),
        createdAt: now(),
      };
      try {
        await createUser(db, user);
      } catch (err) {
        if (!(err instanceof UniqueConstraintError)) throw err;
        const message = err.field === 'email' ? 'This email is already registered' : 'This username is taken';
        throw new TRPCError({ code: 'CONFLICT', message, cause: new FieldIssues(err.field, message) });
      }
      return session(user);
    },

    async login(input) {
      const user = await findUserByEmail(db, input.email);
      // Same bcrypt work and same answer whether the email is unknown or the password wrong.
      const ok = await passwords.verify(input.password, user?.passwordHash);
      if (!user || !ok) throw new TRPCError({ code: 'UNAUTHORIZED', message: BAD_CREDENTIALS });
      return session(user);
    },

    async me(principal) {
      const user = await getUser(db, principal.id);
      if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'This account no longer exists' });
      return publicUser(user);
    },

    authenticate: (token) => tokens.verify(token),
  };
}
