// "New message": picks 1-8 other people and opens the direct message with them.
import { limits, type PublicUser } from '@chat/contract';
import { useState } from 'react';
import { describeRequestError } from '../../lib/errors.ts';
import { useOpenDm } from '../use-open-dm.ts';
import { Dialog } from './Dialog.tsx';
import { UserSearch } from './UserSearch.tsx';

const MAX_OTHERS = limits.dm.maxMembers - 1;

export function NewMessageDialog({ onClose }: { onClose: () => void }) {
  const [people, setPeople] = useState<PublicUser[]>([]);
  const dm = useOpenDm(onClose);
  const full = people.length >= MAX_OTHERS;

  return (
    <Dialog title="New message" description={`A direct message with up to ${MAX_OTHERS} people.`} onClose={onClose}>
      <UserSearch
        label="Add people"
        actionLabel={(user) => `Add ${user.username}`}
        onPick={(user) => setPeople((current) => (current.some((p) => p.id === user.id) ? current : [...current, user]))}
        noteFor={(user) => (people.some((p) => p.id === user.id) ? 'Added' : full ? `At most ${MAX_OTHERS}` : null)}
      />
      <h3 className="dialog__subtitle">To</h3>
      {people.length === 0 ? (
        <p className="field__hint">Nobody yet: search above and add people.</p>
      ) : (
        <ul className="chips" aria-label="People in the message">
          {people.map((person) => (
            <li key={person.id} className="chip">
              {person.username}
              <button
                type="button"
                className="chip__remove"
                aria-label={`Remove ${person.username}`}
                onClick={() => setPeople((current) => current.filter((p) => p.id !== person.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {dm.mutation.isError && (
        <p className="field__error" role="alert">
          {describeRequestError(dm.mutation.error)}
        </p>
      )}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={people.length === 0 || dm.mutation.isPending}
          onClick={() => dm.open(people)}
        >
          {dm.mutation.isPending ? 'Opening…' : 'Start the conversation'}
        </button>
      </div>
    </Dialog>
  );
}
