// Invites people to a channel (any member may; not to a DM): users.search, then rooms.invite.
import type { PublicUser } from '@chat/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeRequestError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { UserSearch } from './UserSearch.tsx';

export function InviteSection({ roomId, members }: { roomId: string; members: readonly PublicUser[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [invited, setInvited] = useState<string | null>(null);
  const invite = useMutation(
    trpc.rooms.invite.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.rooms.members.queryKey({ roomId }) }),
    }),
  );
  const memberIds = new Set(members.map((m) => m.id));
  return (
    <section className="dialog__section" aria-labelledby="invite-heading">
      <h3 id="invite-heading" className="dialog__subtitle">
        Invite people
      </h3>
      <UserSearch
        label="Find people to invite"
        actionLabel={(user) => `Invite ${user.username}`}
        noteFor={(user) => (memberIds.has(user.id) ? 'Member' : null)}
        disabled={invite.isPending}
        onPick={(user) => {
          setInvited(null);
          invite.mutate({ roomId, userId: user.id }, { onSuccess: () => setInvited(user.username) });
        }}
      />
      <p className="field__hint" role="status">
        {invited ? `${invited} is now a member.` : ''}
      </p>
      {invite.isError && (
        <p className="field__error" role="alert">
          {describeRequestError(invite.error)}
        </p>
      )}
    </section>
  );
}
