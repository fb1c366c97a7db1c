// `@username` in texts: where the mentions are (to highlight them) and, in the composer, the
// `@` word being typed (to offer people). What counts as a mention is the contract's
// `mentionedUsernames`; this only finds where in the text each one is.
import { mentionedUsernames, type Principal } from '@chat/contract';

export type MentionPart = { kind: 'text'; text: string } | { kind: 'mention'; text: string; username: string };

/** Same shape as the contract's: `@` not preceded by a username character, then the name. */
const CANDIDATE = /(?<![A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{3,32})/g;

/** The text split into plain runs and `@username` mentions (each mention's text includes the `@`). */
export function splitMentions(text: string): MentionPart[] {
  const names = new Set(mentionedUsernames(text).map((n) => n.toLowerCase()));
  if (names.size === 0) return text ? [{ kind: 'text', text }] : [];
  const parts: MentionPart[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const username = (match[1] ?? '').replace(/[.-]+$/, ''); // "@ann." mentions ann: the full stop stays text
    if (!names.has(username.toLowerCase())) continue;
    const start = match.index;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'mention', text: `@${username}`, username });
    last = start + 1 + username.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** The `@` word that ends at the caret, if any: where it starts (the `@`) and what follows it. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(?<![A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{0,32})$/.exec(text.slice(0, caret));
  return match ? { start: match.index, query: match[1] ?? '' } : null;
}

/** People whose username starts with the query first, then those that contain it; at most `limit`. */
export function matchPeople(people: readonly Principal[], query: string, limit = 8): Principal[] {
  const q = query.toLowerCase();
  const starts: Principal[] = [];
  const contains: Principal[] = [];
  for (const person of people) {
    const name = person.username.toLowerCase();
    if (name.startsWith(q)) starts.push(person);
    else if (name.includes(q)) contains.push(person);
  }
  const byName = (a: Principal, b: Principal) => a.username.localeCompare(b.username);
  return [...starts.sort(byName), ...contains.sort(byName)].slice(0, limit);
}

/** Replaces the `@` word from `start` to the caret with `@username ` and says where the caret goes. */
export function insertMention(text: string, start: number, caret: number, username: string): { text: string; caret: number } {
  const inserted = `@${username} `;
  const rest = text.slice(caret).replace(/^ /, ''); // no double space when completing before one
  return { text: text.slice(0, start) + inserted + rest, caret: start + inserted.length };
}

/**
 * The room's people as far as this client knows them (part 1 has no member list): who is
 * online, then who wrote recently, newest first; each once, never oneself.
 */
export function roomPeople(online: readonly Principal[], recentAuthors: readonly Principal[], selfId: string): Principal[] {
  const seen = new Set<string>([selfId]);
  const people: Principal[] = [];
  for (const person of [...online, ...[...recentAuthors].reverse()]) {
    if (seen.has(person.id)) continue;
    seen.add(person.id);
    people.push({ id: person.id, username: person.username });
  }
  return people;
}
