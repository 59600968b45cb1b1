import { newVerificationCode, normalizeVerificationCode, VERIFICATION_CODE_ALPHABET, verificationCodeMatches } from './verification-code.rules';

describe('verification codes', () => {
  it('are 20 symbols of a 32-symbol alphabet without look-alikes, in groups of four', () => {
    expect(VERIFICATION_CODE_ALPHABET).toHaveLength(32);
    expect(VERIFICATION_CODE_ALPHABET).not.toMatch(/[01IO]/);
    for (let i = 0; i < 50; i += 1) expect(newVerificationCode()).toMatch(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){4}$/);
  });

  it('use every bit of the random source: each byte picks a symbol by its low five bits', () => {
    expect(newVerificationCode((size) => Buffer.alloc(size, 0))).toBe('AAAA-AAAA-AAAA-AAAA-AAAA');
    expect(newVerificationCode((size) => Buffer.from(Array.from({ length: size }, (_, i) => i + 32 * 3)))).toBe('ABCD-EFGH-JKLM-NPQR-STUV');
    expect(() => newVerificationCode(() => Buffer.alloc(3))).toThrow(RangeError);
  });

  it('are typed back in any case, with spaces or hyphens', () => {
    const code = 'K7QM-2XWD-9HTR-PB4N-ZC8E';
    expect(normalizeVerificationCode(code)).toBe('K7QM2XWD9HTRPB4NZC8E');
    expect(verificationCodeMatches(code, 'k7qm 2xwd 9htr pb4n zc8e')).toBe(true);
    expect(verificationCodeMatches(code, 'K7QM2XWD9HTRPB4NZC8E')).toBe(true);
  });

  it('match nothing else: another code, a prefix, symbols outside the alphabet, nothing, overlong input', () => {
    const code = 'K7QM-2XWD-9HTR-PB4N-ZC8E';
    for (const given of ['K7QM-2XWD-9HTR-PB4N-ZC8F', 'K7QM-2XWD-9HTR-PB4N', 'K7QM-2XWD-9HTR-PB4N-ZC80', '', null, undefined, `${code}${' '.repeat(100)}`]) {
      expect(verificationCodeMatches(code, given)).toBe(false);
    }
    expect(verificationCodeMatches('not a code', 'not a code')).toBe(false);
  });
});
