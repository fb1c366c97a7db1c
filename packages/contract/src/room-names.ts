// How room names compare: what makes "Design", "design" and "design" + U+200B the same name.

/** Zero-width characters: invisible, so two names differing only in them look the same. */
const ZERO_WIDTH = /[\u00ad\u180e\u200b-\u200d\u2060\ufeff]/gu;
/** Bidi controls: they reorder how a name reads ("abc" can display as "cba"). */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const BIDI_CONTROLS_ALL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * The key under which room names are unique: NFKC, case-folded (upper- then lower-casing folds
 * "ß" to "ss" as well), zero-width and bidi controls removed, runs of spaces collapsed, trimmed.
 */
export function roomNameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toUpperCase()
    .toLowerCase()
    .replace(ZERO_WIDTH, '')
    .replace(BIDI_CONTROLS_ALL, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * True when a text holds a control character (C0, DEL, C1) or a bidi control. With
 * `allowLineBreaks`, newline and tab are allowed (message texts); names allow none.
 */
export function hasControlCharacters(text: string, options: { allowLineBreaks: boolean }): boolean {
  if (BIDI_CONTROLS.test(text)) return true;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const control = code < 0x20 || (code >= 0x7f && code < 0xa0);
    if (control && !(options.allowLineBreaks && (ch === '\n' || ch === '\t'))) return true;
  }
  return false;
}
