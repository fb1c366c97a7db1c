// What a message text may hold, checked the same way by the server (messageTextSchema) and by
// every client before it sends (the web composer shows the same sentence).
import { limits, textLength } from './limits.ts';
import { hasControlCharacters } from './room-names.ts';

/** Half of a surrogate pair on its own: not a character at all (no UTF-8 encoding exists). */
const LONE_SURROGATE = /\p{Surrogate}/u;
/**
 * Bidi embeddings, overrides and isolates open a region that reorders what follows ("Trojan
 * Source"): refused. The marks (U+200E, U+200F, U+061C) reorder nothing and are what mixed
 * right-to-left and left-to-right writing needs: allowed in messages (names refuse them too).
 */
const BIDI_REORDERING = /[\u202a-\u202e\u2066-\u2069]/u;
const BIDI_MARKS = /[\u061c\u200e\u200f]/gu;
/** Invisible characters (zero-width spaces and joiners, BOM, variation selectors, ...) and spaces. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\s]/gu;

/** True when the text holds half a surrogate pair: what no name, topic or message may hold. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** A text as it is stored: trimmed and in Unicode NFC, so that the same words are the same code points. */
export function normalizeMessageText(text: string): string {
  return text.trim().normalize('NFC');
}

export interface MessageTextProblem {
  kind: 'empty' | 'tooLong' | 'brokenCharacter' | 'bidiOverride' | 'controlCharacter';
  /** The sentence the server's error says too. */
  message: string;
}

/**
 * Why a message text (as typed or as received) cannot be sent, or null when it can: blank (once
 * invisible characters are removed), too long (code points after trimming), a lone surrogate, a
 * bidi override or isolate, or a control character (newline and tab are fine).
 */
export function messageTextProblem(raw: string): MessageTextProblem | null {
  const text = normalizeMessageText(raw);
  if (text.replace(INVISIBLE, '').length < limits.messageText.min) return { kind: 'empty', message: 'Message must not be empty' };
  if (textLength(text) > limits.messageText.max)
    return { kind: 'tooLong', message: `Message must be at most ${limits.messageText.max} characters` };
  if (hasLoneSurrogate(text)) return { kind: 'brokenCharacter', message: 'Message must not contain broken characters (a lone surrogate)' };
  if (BIDI_REORDERING.test(text)) return { kind: 'bidiOverride', message: 'Message must not contain bidi override or isolate characters' };
  if (hasControlCharacters(text.replace(BIDI_MARKS, ''), { allowLineBreaks: true }))
    return { kind: 'controlCharacter', message: 'Message must not contain control characters (newlines and tabs are fine)' };
  return null;
}
