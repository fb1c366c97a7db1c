// The creator's settings of a channel: its name and topic, and archiving (read-only for everyone).
import type { Room } from '@chat/contract';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { asSentences, describeRequestError, fieldErrorsOf } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { nameErrorOf } from '../sidebar/room-name-error.ts';
import { useRoomsCache } from '../use-rooms.ts';

export function RoomSettingsForm({ room }: { room: Room }) {
  const trpc = useTRPC();
  const cache = useRoomsCache();
  const [name, setName] = useState(room.name);
  const [topic, setTopic] = useState(room.topic);
  const [saved, setSaved] = useState<string | null>(null);
  const update = useMutation(
    trpc.rooms.update.mutationOptions({
      onSuccess: (updated) => cache.upsertRoom(updated),
    }),
  );
  const error = update.error;
  const nameError = error ? nameErrorOf(error) : null;
  const topicErrors = error ? fieldErrorsOf(error).topic : undefined;
  const topicError = topicErrors ? asSentences(topicErrors) : null;
  const otherError = error && !nameError && !topicError ? describeRequestError(error) : null;
  const changed = name.trim() !== room.name || topic.trim() !== room.topic;

  function save(event: FormEvent) {
    event.preventDefault();
    if (!changed || update.isPending) return;
    setSaved(null);
    update.mutate(
      { roomId: room.id, ...(name.trim() !== room.name && { name }), ...(topic.trim() !== room.topic && { topic }) },
      { onSuccess: () => setSaved('Saved.') },
    );
  }

  function setArchived(archived: boolean) {
    setSaved(null);
    update.mutate({ roomId: room.id, archived }, { onSuccess: () => setSaved(archived ? 'Archived: the room is read-only now.' : 'Unarchived: people can write again.') });
  }

  function edit(set: (value: string) => void, value: string) {
    set(value);
    setSaved(null);
    if (update.isError) update.reset();
  }

  return (
    <section className="dialog__section" aria-labelledby="settings-heading">
      <h3 id="settings-heading" className="dialog__subtitle">
        Settings
      </h3>
      <form className="room-settings" onSubmit={save} aria-label="Room settings">
        <label className="field__label" htmlFor="room-settings-name">
          Name
        </label>
        <input
          id="room-settings-name"
          className="field__input field__input--small"
          value={name}
          onChange={(e) => edit(setName, e.currentTarget.value)}
          aria-invalid={!!nameError || undefined}
          aria-describedby={nameError ? 'room-settings-name-error' : undefined}
        />
        {nameError && (
          <p className="field__error" id="room-settings-name-error" role="alert">
            {nameError}
          </p>
        )}
        <label className="field__label" htmlFor="room-settings-topic">
          Topic
        </label>
        <input
          id="room-settings-topic"
          className="field__input field__input--small"
          value={topic}
          placeholder="What the room is about"
          onChange={(e) => edit(setTopic, e.currentTarget.value)}
          aria-invalid={!!topicError || undefined}
          aria-describedby={topicError ? 'room-settings-topic-error' : undefined}
        />
        {topicError && (
          <p className="field__error" id="room-settings-topic-error" role="alert">
            {topicError}
          </p>
        )}
        {otherError && (
          <p className="field__error" role="alert">
            {otherError}
          </p>
        )}
        <div className="room-settings__actions">
          <button type="button" className="button button--small" disabled={update.isPending} onClick={() => setArchived(!room.archived)}>
            {room.archived ? 'Unarchive' : 'Archive'}
          </button>
          <button type="submit" className="button button--small button--primary" disabled={!changed || update.isPending}>
            Save
          </button>
        </div>
        <p className="field__hint" role="status">
          {saved ?? ''}
        </p>
      </form>
    </section>
  );
}
