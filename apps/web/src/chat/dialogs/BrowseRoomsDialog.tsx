// "Browse channels": the public rooms by name, 50 a page (rooms.browse), each to join or open.
import type { Room } from '@chat/contract';
import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { describeRequestError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { useOpenRoom } from '../room-navigation.ts';
import { useRoomsCache } from '../use-rooms.ts';
import { Dialog } from './Dialog.tsx';

interface BrowseRoomsDialogProps {
  /** The rooms the caller is a member of already: "Open" instead of "Join". */
  memberOf: ReadonlySet<string>;
  onClose: () => void;
}

export function BrowseRoomsDialog({ memberOf, onClose }: BrowseRoomsDialogProps) {
  const trpc = useTRPC();
  const openRoom = useOpenRoom();
  const cache = useRoomsCache();
  const pages = useInfiniteQuery(trpc.rooms.browse.infiniteQueryOptions({}, { getNextPageParam: (page) => page.nextCursor }));
  const join = useMutation(trpc.rooms.join.mutationOptions());
  const rooms = pages.data?.pages.flatMap((page) => page.rooms) ?? [];

  function open(room: Room) {
    onClose();
    openRoom(room.id);
  }

  return (
    <Dialog title="Browse channels" description="Public channels anyone can join." onClose={onClose} className="dialog--wide">
      {pages.isPending ? (
        <p className="field__hint">Loading channels…</p>
      ) : pages.isError ? (
        <p className="field__error" role="alert">
          {describeRequestError(pages.error)}
        </p>
      ) : rooms.length === 0 ? (
        <p className="field__hint">No public channels yet.</p>
      ) : (
        <ul className="browse-list" aria-label="Public channels">
          {rooms.map((room) => (
            <li key={room.id} className="browse-list__row">
              <div className="browse-list__about">
                <span className="browse-list__name">#{room.name}</span>
                {room.archived && <span className="tag">archived</span>}
                {room.topic && <span className="browse-list__topic">{room.topic}</span>}
              </div>
              {memberOf.has(room.id) ? (
                <button type="button" className="button button--small" onClick={() => open(room)} aria-label={`Open #${room.name}`}>
                  Open
                </button>
              ) : (
                <button
                  type="button"
                  className="button button--small button--primary"
                  aria-label={`Join #${room.name}`}
                  disabled={join.isPending}
                  onClick={() =>
                    join.mutate(
                      { roomId: room.id },
                      {
                        onSuccess: (joined) => {
                          cache.upsertRoom(joined);
                          open(joined);
                        },
                      },
                    )
                  }
                >
                  Join
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {join.isError && (
        <p className="field__error" role="alert">
          {describeRequestError(join.error)}
        </p>
      )}
      <div className="dialog__actions">
        {pages.hasNextPage && (
          <button type="button" className="button" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            {pages.isFetchingNextPage ? 'Loading…' : 'More channels'}
          </button>
        )}
        <button type="button" className="button" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
