import type { CSSProperties } from 'react';
import { avatarHue, initialsOf } from '../../lib/initials.ts';

interface AvatarProps {
  userId: string;
  name: string;
  size?: 'small' | 'normal';
  online?: boolean;
}

/** Initials on a calm tint that is always the same for the same person. */
export function Avatar({ userId, name, size = 'normal', online = false }: AvatarProps) {
  return (
    <span
      className={`avatar avatar--${size}${online ? ' avatar--online' : ''}`}
      style={{ '--avatar-hue': avatarHue(userId) } as CSSProperties}
      aria-hidden="true"
    >
      {initialsOf(name)}
    </span>
  );
}
