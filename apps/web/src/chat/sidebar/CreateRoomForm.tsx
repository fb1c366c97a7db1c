import type { Room } from '@chat/contract';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { asSentences, describeRequestError, fieldErrorsOf } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { useRoomsCache } from '../use-rooms.ts';
import { nameErrorOf } from './room-name-error.ts';

interface CreateRoomFormProps {
  onCreated: (room: Room) => void;
  onCancel: () => void;
}

type Kind = 'public' | 'private';

export function CreateRoomForm({ onCreated, onCancel }: CreateRoomFormProps) {
  const trpc = useTRPC();
  const cache = useRoomsCache();
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const [kind, setKind] = useState<Kind>('public');
  const create = useMutation(
    trpc.rooms.create.mutationOptions({
      onSuccess: (room) => {
        cache.upsertRoom(room);
        onCreated(room);
      },
    }),
  );
  const nameError = create.error ? nameErrorOf(create.error) : null;
  const topicErrors = create.error ? fieldErrorsOf(create.error).topic : undefined;
  const topicError = topicErrors ? asSentences(topicErrors) : null;
  const otherError = create.error && !nameError && !topicError ? describeRequestError(create.error) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() && !create.isPending) create.mutate({ name, kind, ...(topic.trim() && { topic }) });
  }

  function edit(set: (value: string) => void, value: string) {
    set(value);
    if (create.isError) create.reset();
  }

  return (
    <form className="create-room" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()} aria-label="Create a room">
      <label className="sr-only" htmlFor="new-room-name">
        Room name
      </label>
      {/* The server counts the name's length (in code points, as the schema does): no maxLength here, which counts UTF-16 units. */}
      <input
        id="new-room-name"
        className="field__input field__input--small"
        placeholder="Room name, e.g. design"
        value={name}
        onChange={(e) => edit(setName, e.currentTarget.value)}
        aria-invalid={!!nameError || undefined}
        aria-describedby={nameError ? 'new-room-error' : undefined}
        autoFocus
      />
      {nameError && (
        <p className="field__error" id="new-room-error" role="alert">
          {nameError}
        </p>
      )}
      <label className="sr-only" htmlFor="new-room-topic">
        Topic (optional)
      </label>
      <input
        id="new-room-topic"
        className="field__input field__input--small"
        placeholder="Topic (optional)"
        value={topic}
        onChange={(e) => edit(setTopic, e.currentTarget.value)}
        aria-invalid={!!topicError || undefined}
        aria-describedby={topicError ? 'new-room-topic-error' : undefined}
      />
      {topicError && (
        <p className="field__error" id="new-room-topic-error" role="alert">
          {topicError}
        </p>
      )}
      <div className="segmented segmented--compact" role="group" aria-label="Who can join">
        <button type="button" className="segmented__option" aria-pressed={kind === 'public'} onClick={() => setKind('public')}>
          Public
        </button>
        <button type="button" className="segmented__option" aria-pressed={kind === 'private'} onClick={() => setKind('private')}>
          Private
        </button>
      </div>
      <p className="field__hint create-room__hint">
        {kind === 'public' ? 'Anyone can find and join it.' : 'Only people invited can find it, read it or join it.'}
      </p>
      {otherError && (
        <p className="field__error" role="alert">
          {otherError}
        </p>
      )}
      <div className="create-room__actions">
        <button type="button" className="button button--small button--quiet" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button--small button--primary" disabled={!name.trim() || create.isPending}>
          {create.isPending ? 'Creating…' : 'Create'}
        </button>
      </div>
    </form>
  );
}
