import { useState } from 'react';
import { useSessionStore } from '../../session/session-context.ts';
import { useChat } from '../chat-context.ts';
import { Avatar } from '../room/Avatar.tsx';
import { AccountDialog } from '../dialogs/AccountDialog.tsx';
import { forgetUserData } from '../state/persistence.ts';

/** Who is signed in, the account (password, logging out everywhere), and the way out. */
export function UserCard() {
  const { self } = useChat();
  const sessionStore = useSessionStore();
  const [accountOpen, setAccountOpen] = useState(false);
  return (
    <div className="user-card">
      <Avatar userId={self.id} name={self.username} />
      <div className="user-card__who">
        <span className="user-card__name">{self.username}</span>
        <span className="user-card__email">{self.email}</span>
      </div>
      <button type="button" className="button button--small button--quiet" aria-haspopup="dialog" onClick={() => setAccountOpen(true)}>
        Account
      </button>
      {accountOpen && <AccountDialog onClose={() => setAccountOpen(false)} />}
      <button
        type="button"
        className="button button--small button--quiet"
        onClick={() => {
          forgetUserData(self.id);
          sessionStore.signOut('manual');
        }}
      >
        Log out
      </button>
    </div>
  );
}
