import { useChat } from '../chat-context.ts';
import { badgeCounts } from '../state/badges.ts';
import { useMuted, usePageVisible, useRoomSummary } from '../use-read-state.ts';

const shown = (n: number) => (n > 99 ? '99+' : String(n));

/**
 * A room's badges in the room list: its unread count (not for a muted room) and, apart, its
 * mentions ("@2"). None for the room being read (open, the tab shown).
 */
export function UnreadBadges({ roomId, open }: { roomId: string; open: boolean }) {
  const summary = useRoomSummary(roomId);
  const muted = useMuted(roomId);
  const visible = usePageVisible();
  const mutedMark = muted && (
    <span className="room-link__muted" role="img" aria-label="muted">
      <BellOffIcon />
    </span>
  );
  if (!summary || (open && visible)) return mutedMark || null;
  const { unread, mentions } = badgeCounts(summary, muted);
  return (
    <>
      {mutedMark}
      {mentions > 0 && (
        <span className="badge badge--mention" aria-label={mentions === 1 ? '1 mention' : `${mentions} mentions`}>
          @{shown(mentions)}
        </span>
      )}
      {unread > 0 && (
        <span className="badge" aria-label={`${unread} unread`}>
          {shown(unread)}
        </span>
      )}
    </>
  );
}

const icon = { width: 14, height: 14, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true } as const;

export const BellIcon = ({ size = 18 }: { size?: number }) => (
  <svg {...icon} width={size} height={size}>
    <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z" />
    <path d="M10 20.5a2 2 0 0 0 4 0" />
  </svg>
);
export const BellOffIcon = ({ size = 14 }: { size?: number }) => (
  <svg {...icon} width={size} height={size}>
    <path d="M6 16V11a6 6 0 0 1 9.2-5.1M18 11v5l1.5 2h-15" />
    <path d="M10 20.5a2 2 0 0 0 4 0" />
    <path d="M4 4l16 16" />
  </svg>
);

/**
 * Mutes or unmutes the room (this browser, this user): no unread badge, no notification;
 * mentions still show. `roomLabel`: how text names the room ("#design", a DM's people).
 */
export function MuteToggle({ roomId, roomLabel }: { roomId: string; roomLabel: string }) {
  const { muted } = useChat();
  const isMuted = useMuted(roomId);
  return (
    <button
      type="button"
      className="icon-button mute-toggle"
      aria-pressed={isMuted}
      aria-label={`Mute ${roomLabel}`}
      title={isMuted ? 'Muted: no unread badge, no notifications (mentions still show)' : 'Mute this room'}
      onClick={() => muted.toggle(roomId)}
    >
      {isMuted ? <BellOffIcon size={18} /> : <BellIcon />}
    </button>
  );
}
