// Finds web links in message text so they can be rendered as links. Only http(s) URLs become
// links; everything else stays plain text (React escapes it), so no markup ever comes through.

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/gi;
const count = (text: string, char: string) => text.split(char).length - 1;

/** Drops punctuation that ends the sentence rather than the URL ("see https://x.dev/a."). */
function trimTrailing(url: string): string {
  for (;;) {
    const last = url.at(-1);
    // A closing parenthesis belongs to the URL when it closes one opened in it (Wikipedia links).
    if (last === ')' && count(url, ')') > count(url, '(')) url = url.slice(0, -1);
    else if (last !== undefined && '.,;:!?\'"]'.includes(last)) url = url.slice(0, -1);
    else return url;
  }
}

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = trimTrailing(match[0]);
    let href: string;
    try {
      href = new URL(url).href;
    } catch {
      continue;
    }
    const start = match.index;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: url, href });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
