// Leaving a channel (not general, not a DM), after a confirmation.
import type { Room } from '@chat/contract';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { describeRequestError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { useRoomsCache } from '../use-rooms.ts';

export function LeaveRoomSection({ room, onLeft }: { room: Room; onLeft: () => void }) {
  const trpc = useTRPC();
  const cache = useRoomsCache();
  const [confirming, setConfirming] = useState(false);
  const leaveButton = useRef<HTMLButtonElement>(null);
  const leave = useMutation(trpc.rooms.leave.mutationOptions());
  const consequence =
    room.kind === 'private' ? 'You will need a new invitation from a member to come back.' : 'You can join it again from Browse channels.';

  return (
    <section className="dialog__section" aria-labelledby="leave-heading">
      <h3 id="leave-heading" className="dialog__subtitle">
        Leave
      </h3>
      {confirming ? (
        <div className="leave-confirm" role="group" aria-label={`Leave #${room.name}?`}>
          <p className="dialog__text">
            Leave #{room.name}? {consequence}
          </p>
          {leave.isError && (
            <p className="field__error" role="alert">
              {describeRequestError(leave.error)}
            </p>
          )}
          <div className="dialog__actions">
            <button
              type="button"
              className="button"
              autoFocus
              onClick={() => {
                setConfirming(false);
                requestAnimationFrame(() => leaveButton.current?.focus());
              }}
            >
              Stay
            </button>
            <button
              type="button"
              className="button button--danger"
              disabled={leave.isPending}
              onClick={() =>
                leave.mutate(
                  { roomId: room.id },
                  {
                    // Away from the room first: a room missing from the list while open would be joined again.
                    onSuccess: () => {
                      onLeft();
                      cache.remove(room.id);
                    },
                  },
                )
              }
            >
              Leave the room
            </button>
          </div>
        </div>
      ) : (
        <button ref={leaveButton} type="button" className="button button--small" onClick={() => setConfirming(true)}>
          Leave #{room.name}
        </button>
      )}
    </section>
  );
}
