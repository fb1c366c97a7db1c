import type { Room } from '@chat/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { asSentences, describeRequestError, fieldErrorsOf } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';

interface CreateRoomFormProps {
  onCreated: (room: Room) => void;
  onCancel: () => void;
}

export function CreateRoomForm({ onCreated, onCancel }: CreateRoomFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const create = useMutation(
    trpc.rooms.create.mutationOptions({
      onSuccess: (room) => {
        queryClient.setQueryData(trpc.rooms.list.queryKey(), (rooms = []) => [...rooms.filter((s) => s.room.id !== room.id), { room, lastSeq: 0, readSeq: 0, unread: 0, mentions: 0 }]);
        void queryClient.invalidateQueries({ queryKey: trpc.rooms.list.queryKey() });
        onCreated(room);
      },
    }),
  );
  const nameErrors = create.error ? fieldErrorsOf(create.error).name : undefined;
  // The server counts the name's length (in code points, as the schema does): no maxLength here, which counts UTF-16 units.
  const error = create.error ? (nameErrors ? asSentences(nameErrors) : describeRequestError(create.error)) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() && !create.isPending) create.mutate({ name });
  }

  return (
    <form className="create-room" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()} aria-label="Create a room">
      <label className="sr-only" htmlFor="new-room-name">
        Room name
      </label>
      <input
        id="new-room-name"
        className="field__input field__input--small"
        placeholder="Room name, e.g. design"
        value={name}
        onChange={(e) => {
          setName(e.currentTarget.value);
          if (create.isError) create.reset();
        }}
        aria-invalid={!!error || undefined}
        aria-describedby={error ? 'new-room-error' : undefined}
        autoFocus
      />
      {error && (
        <p className="field__error" id="new-room-error" role="alert">
          {error}
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
