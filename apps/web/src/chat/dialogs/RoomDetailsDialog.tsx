// A room's details: its topic and members; invite people (channels), the creator's settings,
// leaving (channels but general).
import { GENERAL_ROOM_ID, type RoomSummary } from '@chat/contract';
import { useQuery } from '@tanstack/react-query';
import { describeRequestError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { useChat } from '../chat-context.ts';
import { Dialog } from './Dialog.tsx';
import { InviteSection } from './InviteSection.tsx';
import { LeaveRoomSection } from './LeaveRoomSection.tsx';
import { RoomSettingsForm } from './RoomSettingsForm.tsx';

interface RoomDetailsDialogProps {
  summary: RoomSummary;
  title: string;
  onClose: () => void;
  /** After leaving: the room is gone from the list. */
  onLeft: () => void;
}

export function RoomDetailsDialog({ summary, title, onClose, onLeft }: RoomDetailsDialogProps) {
  const trpc = useTRPC();
  const { self } = useChat();
  const { room } = summary;
  const members = useQuery(trpc.rooms.members.queryOptions({ roomId: room.id }));
  const channel = room.kind !== 'dm';
  const people = [...(members.data ?? [])].sort((a, b) => a.username.localeCompare(b.username, undefined, { sensitivity: 'base' }));

  return (
    <Dialog title={channel ? `#${title}` : title} description={room.topic || undefined} onClose={onClose} className="dialog--wide">
      {room.archived && <p className="notice">This room is archived: it is read-only.</p>}
      <section className="dialog__section" aria-labelledby="members-heading">
        <h3 id="members-heading" className="dialog__subtitle">
          Members {members.data && <span className="sidebar__count">{members.data.length}</span>}
        </h3>
        {members.isError ? (
          <p className="field__error" role="alert">
            {describeRequestError(members.error)}
          </p>
        ) : (
          <ul className="member-list" aria-label="Members">
            {people.map((person) => (
              <li key={person.id}>
                {person.username}
                {person.id === self.id && <span className="person__you">you</span>}
                {person.id === room.createdBy && channel && <span className="tag">creator</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {channel && !room.archived && <InviteSection roomId={room.id} members={members.data ?? []} />}
      {channel && room.createdBy === self.id && <RoomSettingsForm room={room} />}
      {channel && room.id !== GENERAL_ROOM_ID && <LeaveRoomSection room={room} onLeft={onLeft} />}
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
