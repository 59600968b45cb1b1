import { DEV_SECRETS } from './config';
import { hashOneTimeCode, newOneTimeCode, normalizeOneTimeCode, oneTimeCodeKeysFrom, oneTimeCodeMatches, openOneTimeCode, sealOneTimeCode } from './one-time-codes';

const keys = oneTimeCodeKeysFrom(DEV_SECRETS.ONE_TIME_CODE_KEY);
const otherKeys = oneTimeCodeKeysFrom(Buffer.alloc(32, 1).toString('base64'));

describe('one-time codes', () => {
  it('are six digits', () => {
    for (let i = 0; i < 50; i += 1) expect(newOneTimeCode()).toMatch(/^\d{6}$/);
    expect(normalizeOneTimeCode(' 123 456 ')).toBe('123456');
    expect(normalizeOneTimeCode('12345')).toBeNull();
    expect(normalizeOneTimeCode('12345a')).toBeNull();
  });

  it('open only with the same key and context; an altered seal is refused', () => {
    const sealed = sealOneTimeCode(keys, 'code-1', '042917');
    expect(sealed).not.toContain('042917');
    expect(openOneTimeCode(keys, 'code-1', sealed)).toBe('042917');
    expect(() => openOneTimeCode(otherKeys, 'code-1', sealed)).toThrow();
    expect(() => openOneTimeCode(keys, 'code-2', sealed)).toThrow();
    const [v, iv, ct, tag] = sealed.split('.');
    expect(() => openOneTimeCode(keys, 'code-1', [v, iv, ct.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), tag].join('.'))).toThrow();
    expect(sealOneTimeCode(keys, 'code-1', '042917')).not.toBe(sealed);
  });

  it('are stored as an HMAC bound to their challenge', () => {
    const hash = hashOneTimeCode(keys, 'code-1', '042917');
    expect(oneTimeCodeMatches(keys, 'code-1', '042917', hash)).toBe(true);
    expect(oneTimeCodeMatches(keys, 'code-1', '042918', hash)).toBe(false);
    expect(oneTimeCodeMatches(keys, 'code-2', '042917', hash)).toBe(false);
    expect(oneTimeCodeMatches(otherKeys, 'code-1', '042917', hash)).toBe(false);
  });

  it('need a key of at least 32 bytes', () => {
    expect(() => oneTimeCodeKeysFrom(Buffer.alloc(31).toString('base64'))).toThrow(/at least 32 random bytes/);
  });
});
