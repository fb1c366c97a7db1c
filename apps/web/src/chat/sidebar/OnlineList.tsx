import { useChat } from '../chat-context.ts';
import { Avatar } from '../room/Avatar.tsx';
import { useOnline } from '../use-room-state.ts';

/** Who is online in the open room. */
export function OnlineList({ roomId, roomLabel }: { roomId: string; roomLabel: string }) {
  const { self } = useChat();
  const online = useOnline(roomId);
  const people = [...online].sort((a, b) => (a.id === self.id ? -1 : b.id === self.id ? 1 : a.username.localeCompare(b.username)));
  return (
    <section className="sidebar__section sidebar__section--online" aria-labelledby="online-heading">
      <div className="sidebar__heading">
        <h2 id="online-heading">
          Online in {roomLabel} <span className="sidebar__count">{online.length}</span>
        </h2>
      </div>
      <ul className="people" aria-label={`Online in ${roomLabel}`}>
        {people.map((user) => (
          <li key={user.id} className="person">
            <Avatar userId={user.id} name={user.username} size="small" online />
            <span className="person__name">{user.username}</span>
            {user.id === self.id && <span className="person__you">you</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
