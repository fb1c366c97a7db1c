// Avatar initials and a calm, stable avatar tint per user.

/** "ann_lee" -> "AL", "BobSmith" -> "BS", "carol" -> "C", "ørjan" -> "Ø". */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[\s._-]+/)
    .filter(Boolean);
  const first = words[0];
  if (first === undefined) return '?';
  const second = words[1];
  const initial = (word: string) => Array.from(word)[0]!.toUpperCase();
  return second === undefined ? initial(first) : initial(first) + initial(second);
}

/** One of a few muted hues, always the same for the same user id. */
export function avatarHue(userId: string): number {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  const hues = [210, 250, 160, 25, 330, 190, 280, 45];
  return hues[hash % hues.length]!;
}
