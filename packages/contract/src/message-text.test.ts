import { describe, expect, test } from 'vitest';
import { messageTextProblem } from './message-text.ts';
import { editMessageInput, messageTextSchema, roomNameSchema, roomTopicSchema } from './schemas.ts';
import { sendMessageAction } from './protocol.ts';

const issues = (text: string) => messageTextSchema.safeParse(text).error?.issues.map((i) => i.message);

describe('message texts', () => {
  test('are stored in NFC: a decomposed "é" becomes the composed one', () => {
    expect(messageTextSchema.parse('  cafe\u0301 ')).toBe('caf\u00e9');
    expect(sendMessageAction.parse({ action: 'sendMessage', roomId: 'general', clientMsgId: 'c', text: 'e\u0301' }).text).toBe('\u00e9');
  });

  test('newline and tab are fine, every other control character is refused', () => {
    expect(messageTextSchema.parse('a\n\tb')).toBe('a\n\tb');
    const refused = 'Message must not contain control characters (newlines and tabs are fine)';
    for (const control of ['\u0000', '\u0007', '\r', '\u001b', '\u007f', '\u0085', '\u009f']) {
      expect(issues(`a${control}b`)).toEqual([refused]);
    }
  });

  test('bidi overrides, embeddings and isolates are refused; the marks that mixed scripts need are not', () => {
    for (const bidi of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']) {
      expect(issues(`abc${bidi}def`)).toEqual(['Message must not contain bidi override or isolate characters']);
    }
    expect(messageTextSchema.parse('שלום\u200e abc \u200fמה')).toBe('שלום\u200e abc \u200fמה');
    expect(messageTextSchema.parse('مرحبا\u061c 1')).toBe('مرحبا\u061c 1');
  });

  test('a lone surrogate is refused, a pair (an emoji) is not', () => {
    expect(issues('a\ud800b')).toEqual(['Message must not contain broken characters (a lone surrogate)']);
    expect(issues('a\udfffb')).toEqual(['Message must not contain broken characters (a lone surrogate)']);
    expect(messageTextSchema.parse('😀')).toBe('😀');
  });

  test('a text of only invisible characters is blank', () => {
    for (const blank of ['\u200b', '\u200b\u200c\u200d\ufeff', ' \u2060 ', '\u00ad', '\ufe0f', '\u200e\u200f', '\u3164', '\n\t ']) {
      expect(issues(blank)).toEqual(['Message must not be empty']);
    }
    expect(messageTextSchema.parse('a\u200b')).toBe('a\u200b');
  });

  test('edits obey the same rules', () => {
    const edit = { roomId: 'general', messageId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' };
    expect(editMessageInput.safeParse({ ...edit, text: '\u200b' }).success).toBe(false);
    expect(editMessageInput.safeParse({ ...edit, text: 'x\u202ey' }).success).toBe(false);
    expect(editMessageInput.parse({ ...edit, text: 'cafe\u0301' }).text).toBe('caf\u00e9');
  });

  test('messageTextProblem says what the schema says, for what the composer holds', () => {
    expect(messageTextProblem('  hello ')).toBeNull();
    expect(messageTextProblem('')).toEqual({ kind: 'empty', message: 'Message must not be empty' });
    expect(messageTextProblem('x'.repeat(4001))?.kind).toBe('tooLong');
    expect(messageTextProblem('a\u202eb')?.kind).toBe('bidiOverride');
    expect(messageTextProblem('a\u0000')?.message).toBe(issues('a\u0000')?.[0]);
  });
});

describe('room names and topics', () => {
  test('are stored in NFC', () => {
    expect(roomNameSchema.parse(' Cafe\u0301 ')).toBe('Caf\u00e9');
    expect(roomTopicSchema.parse('cafe\u0301')).toBe('caf\u00e9');
  });

  test('refuse lone surrogates', () => {
    expect(roomNameSchema.safeParse('a\ud800').success).toBe(false);
    expect(roomTopicSchema.safeParse('a\udc00').success).toBe(false);
  });
});
