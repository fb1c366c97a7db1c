// Finds people by the start of their username (users.search, asked once typing pauses) and offers
// one action on each: invite, add to a conversation.
import { limits, type PublicUser } from '@chat/contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState, type RefObject } from 'react';
import { describeRequestError } from '../../lib/errors.ts';
import { useDebounced } from '../../lib/use-debounced.ts';
import { useTRPC } from '../../trpc.ts';
import { useChat } from '../chat-context.ts';

/** Typing pauses this long before the server is asked. */
const DEBOUNCE_MS = 250;

interface UserSearchProps {
  label: string;
  /** The button on each person found, e.g. "Invite ann". */
  actionLabel: (user: PublicUser) => string;
  onPick: (user: PublicUser) => void;
  /** Instead of the button, a note ("already a member"); null for the button. */
  noteFor?: (user: PublicUser) => string | null;
  disabled?: boolean;
  inputRef?: RefObject<HTMLInputElement | null>;
}

export function UserSearch({ label, actionLabel, onPick, noteFor, disabled = false, inputRef }: UserSearchProps) {
  const trpc = useTRPC();
  const { self } = useChat();
  const id = useId();
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), DEBOUNCE_MS);
  const search = useQuery(
    trpc.users.search.queryOptions({ query }, { enabled: query.length > 0 && query.length <= limits.username.max, placeholderData: keepPreviousData }),
  );
  const people = (query ? (search.data ?? []) : []).filter((u) => u.id !== self.id);
  const settled = query.length > 0 && query === text.trim() && search.isSuccess && !search.isPlaceholderData;
  const status = !query ? '' : search.isError ? '' : !settled ? 'Searching…' : people.length === 0 ? `Nobody’s username starts with “${query}”.` : people.length === 1 ? '1 person found.' : `${people.length} people found.`;

  return (
    <div className="user-search">
      <label className="field__label" htmlFor={`${id}-input`}>
        {label}
      </label>
      <input
        id={`${id}-input`}
        ref={inputRef}
        className="field__input field__input--small"
        type="search"
        autoComplete="off"
        spellCheck={false}
        placeholder="Start of a username"
        maxLength={limits.username.max}
        value={text}
        disabled={disabled}
        onChange={(event) => setText(event.currentTarget.value)}
        aria-describedby={`${id}-status`}
      />
      <p id={`${id}-status`} className="field__hint" aria-live="polite">
        {status}
      </p>
      {search.isError && (
        <p className="field__error" role="alert">
          {describeRequestError(search.error)}
        </p>
      )}
      {people.length > 0 && (
        <ul className="user-search__results" aria-label={`People matching “${query}”`}>
          {people.map((user) => {
            const note = noteFor?.(user) ?? null;
            return (
              <li key={user.id} className="user-search__row">
                <span className="user-search__name">{user.username}</span>
                {note ? (
                  <span className="user-search__note">{note}</span>
                ) : (
                  <button type="button" className="button button--small" disabled={disabled} onClick={() => onPick(user)}>
                    {actionLabel(user)}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
