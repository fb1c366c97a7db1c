import type { User } from '@chat/contract';
import type { StoredUser } from '@chat/db';

/** What a client may see of its own account: never the hash or the token version. */
export function publicUser(user: StoredUser): User {
  return { id: user.id, email: user.email, username: user.username };
}
