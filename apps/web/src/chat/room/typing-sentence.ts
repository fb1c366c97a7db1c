/** "ann is typing…", "ann and bob are typing…", "3 people are typing…". */
export function typingSentence(usernames: readonly string[]): string {
  const [a, b] = usernames;
  if (a === undefined) return '';
  if (b === undefined) return `${a} is typing…`;
  if (usernames.length === 2) return `${a} and ${b} are typing…`;
  return `${usernames.length} people are typing…`;
}
