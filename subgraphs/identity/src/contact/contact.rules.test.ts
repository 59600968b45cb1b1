import { checkContactValue, codeRequestKey, codeState, decideCodeRequest, maskDestination, MAX_WRONG_CODE_ATTEMPTS } from './contact.rules';

const now = new Date('2026-12-02T08:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe('contact rules', () => {
  it('normalizes an email (lower case, trimmed) and a phone to E.164, Kyrgyz or international', () => {
    expect(checkContactValue('EMAIL', '  Aigul@Example.KG ')).toEqual({ ok: true, value: 'aigul@example.kg' });
    expect(checkContactValue('PHONE', '+996 (700) 12-34-56')).toEqual({ ok: true, value: '+996700123456' });
    expect(checkContactValue('PHONE', '0700 123 456')).toEqual({ ok: true, value: '+996700123456' });
    expect(checkContactValue('PHONE', '+7 912 345-67-89')).toEqual({ ok: true, value: '+79123456789' });
    expect(checkContactValue('PHONE', '0049 30 1234567')).toEqual({ ok: true, value: '+49301234567' });
  });

  it('says what is wrong with a bad address or number, in both languages', () => {
    expect(checkContactValue('EMAIL', 'aigul@')).toMatchObject({ ok: false, code: 'EMAIL_FORMAT', message: { ru: expect.stringContaining('name@example.kg') } });
    for (const phone of ['+996 700 12', '+996 070 123 456', '12345', '+0123456789', 'phone']) {
      expect(checkContactValue('PHONE', phone)).toMatchObject({ ok: false, code: 'PHONE_FORMAT' });
    }
  });

  it('allows three codes per purpose in 15 minutes, and says how long to wait after that', () => {
    expect(decideCodeRequest([minutesAgo(1), minutesAgo(2)], [], now)).toEqual({ limited: false });
    expect(decideCodeRequest([minutesAgo(1), minutesAgo(2), minutesAgo(10)], [], now)).toEqual({ limited: true, retryAfterSeconds: 5 * 60 });
    expect(decideCodeRequest([minutesAgo(1), minutesAgo(2), minutesAgo(16)], [], now)).toEqual({ limited: false });
    expect(decideCodeRequest([], Array.from({ length: 20 }, (_, i) => minutesAgo(i / 2)), now)).toMatchObject({ limited: true });
    expect(codeRequestKey({ userId: 'u1', purpose: 'VERIFY_EMAIL' })).toBe('user:u1:VERIFY_EMAIL');
    expect(codeRequestKey({ resetLogin: ' Aigul@Example.kg ' })).toBe('reset:aigul@example.kg');
  });

  it('checks a code only while it is unused, unexpired and not guessed at too often', () => {
    const open = { expiresAt: new Date(now.getTime() + 60_000), wrongAttempts: 0, usedAt: null, voidedAt: null };
    expect(codeState(open, now)).toBe('OPEN');
    expect(codeState(null, now)).toBe('NONE');
    expect(codeState({ ...open, usedAt: now }, now)).toBe('NONE');
    expect(codeState({ ...open, voidedAt: now }, now)).toBe('NONE');
    expect(codeState({ ...open, expiresAt: now }, now)).toBe('EXPIRED');
    expect(codeState({ ...open, wrongAttempts: MAX_WRONG_CODE_ATTEMPTS }, now)).toBe('TOO_MANY_WRONG');
  });

  it('masks a destination', () => {
    expect(maskDestination('EMAIL', 'aigul@example.kg')).toBe('a***@example.kg');
    expect(maskDestination('SMS', '+996700123456')).toBe('+996***56');
  });
});
