import { describe, expect, test } from 'vitest';
import { clientActionSchema, serverEventSchema } from './protocol.ts';
import { textLength } from './limits.ts';
import { emailSchema, loginInput, messageTextSchema, passwordSchema, signupInput, usernameSchema } from './schemas.ts';

describe('limits', () => {
  test('emails are trimmed and lower-cased', () => {
    expect(emailSchema.parse('  Ann@Example.COM ')).toBe('ann@example.com');
    expect(emailSchema.safeParse('ann@').success).toBe(false);
  });

  test('passwords are 8 to 72 bytes in UTF-8, not characters', () => {
    expect(passwordSchema.safeParse('1234567').success).toBe(false);
    expect(passwordSchema.safeParse('12345678').success).toBe(true);
    expect(passwordSchema.safeParse('x'.repeat(72)).success).toBe(true);
    expect(passwordSchema.safeParse('x'.repeat(73)).success).toBe(false);
    expect(passwordSchema.safeParse('€'.repeat(24)).success).toBe(true); // 72 bytes
    expect(passwordSchema.safeParse('€'.repeat(25)).success).toBe(false); // 75 bytes, 25 characters
  });

  test('password errors speak of characters, never of bytes', () => {
    const messages = (p: string) => passwordSchema.safeParse(p).error?.issues.map((i) => i.message);
    expect(messages('short')).toEqual(['Password must be at least 8 characters']);
    expect(messages('€'.repeat(25))).toEqual(['Password must be at most 72 characters (fewer with emoji or accented letters)']);
  });

  test('an empty login password says so', () => {
    const result = loginInput.safeParse({ email: 'a@b.co', password: '' });
    expect(result.error?.issues.map((i) => [i.path[0], i.message])).toEqual([['password', 'Enter your password']]);
  });

  test('usernames: 3-32 of [A-Za-z0-9_.-]', () => {
    for (const ok of ['ann', 'A.b-c_9', 'x'.repeat(32)]) expect(usernameSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['ab', 'x'.repeat(33), 'ann smith', 'änn', '']) expect(usernameSchema.safeParse(bad).success).toBe(false);
  });

  test('message text: 1-4000 characters after trimming', () => {
    expect(messageTextSchema.parse('  hi  ')).toBe('hi');
    expect(messageTextSchema.safeParse('   ').success).toBe(false);
    expect(messageTextSchema.safeParse(`  ${'x'.repeat(4000)}  `).success).toBe(true);
    expect(messageTextSchema.safeParse('x'.repeat(4001)).success).toBe(false);
  });

  test('textLength counts code points after trimming, as the limits do', () => {
    expect(textLength('  hi  ')).toBe(2);
    expect(textLength('😀')).toBe(1); // '😀'.length is 2
    expect(textLength('👍🏽')).toBe(2); // a thumb and its skin tone
    expect(textLength('😀'.repeat(2_500))).toBe(2_500);
    expect(messageTextSchema.safeParse('😀'.repeat(4_000)).success).toBe(true); // 8,000 UTF-16 units
    const tooLong = messageTextSchema.safeParse('😀'.repeat(4_001));
    expect(tooLong.error?.issues.map((i) => i.message)).toEqual(['Message must be at most 4000 characters']);
  });

  test('signup names the failing fields; login accepts any non-empty password', () => {
    const result = signupInput.safeParse({ email: 'nope', password: 'short', username: 'ok_name' });
    expect(result.error?.issues.map((i) => i.path[0])).toEqual(['email', 'password']);
    expect(loginInput.safeParse({ email: 'a@b.co', password: 'x' }).success).toBe(true);
  });
});

describe('WebSocket protocol', () => {
  test('client actions are told apart by action', () => {
    const parsed = clientActionSchema.parse({ action: 'sendMessage', roomId: 'general', text: ' hi ', clientMsgId: 'c-1' });
    expect(parsed).toEqual({ action: 'sendMessage', roomId: 'general', text: 'hi', clientMsgId: 'c-1' });
    expect(clientActionSchema.safeParse({ action: 'dance', roomId: 'general' }).success).toBe(false);
    expect(clientActionSchema.safeParse({ action: 'joinRoom', roomId: 'Not A Slug' }).success).toBe(false);
    expect(clientActionSchema.safeParse({ action: 'getMessages', roomId: 'general', limit: 101 }).success).toBe(false);
  });

  test('server events are told apart by type', () => {
    const event = serverEventSchema.parse({ type: 'error', code: 'NOT_FOUND', message: 'No room', action: 'joinRoom' });
    expect(event.type).toBe('error');
    expect(serverEventSchema.safeParse({ type: 'error', code: 'TEAPOT', message: 'x' }).success).toBe(false);
  });
});
