import { acceptedTermsVersion, checkNewPassword, decideTermsAcceptance, sessionStands, standingSessions } from './account.rules';

describe('a new password', () => {
  it('follows the registration rules, reported for newPassword', () => {
    expect(checkNewPassword('short1', 'Citizen2026!', '11505199012345')).toMatchObject({ field: 'newPassword', code: 'PASSWORD_TOO_SHORT' });
    expect(checkNewPassword('onlyletters!!', 'Citizen2026!', '11505199012345')).toMatchObject({ field: 'newPassword', code: 'PASSWORD_LETTERS_AND_DIGITS' });
    expect(checkNewPassword('x11505199012345', 'Citizen2026!', '11505199012345')).toMatchObject({ field: 'newPassword', code: 'PASSWORD_CONTAINS_PIN' });
  });

  it('differs from the current one', () => {
    expect(checkNewPassword('Citizen2026!', 'Citizen2026!', '11505199012345')).toMatchObject({ field: 'newPassword', code: 'PASSWORD_UNCHANGED' });
    expect(checkNewPassword('Another-pass-2027', 'Citizen2026!', '11505199012345')).toBeNull();
  });
});

describe('sessions the holder sees', () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const day = 24 * 60 * 60 * 1000;
  const session = (id: string, lastRefreshedAt: Date, revokedAt: Date | null = null) => ({ id, revokedAt, createdAt: new Date(lastRefreshedAt.getTime() - day), lastRefreshedAt });

  it('are the ones not ended whose refresh token can still be used', () => {
    expect(sessionStands(session('a', new Date(now.getTime() - 29 * day)), now, 30)).toBe(true);
    expect(sessionStands(session('b', new Date(now.getTime() - 30 * day)), now, 30)).toBe(false);
    expect(sessionStands(session('c', now, new Date(now.getTime() - 1000)), now, 30)).toBe(false);
  });

  it('most recently used first', () => {
    const list = standingSessions([session('old', new Date(now.getTime() - 5 * day)), session('ended', now, now), session('new', new Date(now.getTime() - 1000))], now, 30);
    expect(list.map((s) => s.id)).toEqual(['new', 'old']);
    expect(standingSessions([session('old', new Date(now.getTime() - 5 * day)), session('new', now)], now, 30, 1).map((s) => s.id)).toEqual(['new']);
  });
});

describe('accepting the terms', () => {
  it('only the current version; the one already accepted records nothing again', () => {
    expect(decideTermsAcceptance('2026-01', '2026-06', '2026-01')).toBe('NOT_CURRENT');
    expect(decideTermsAcceptance('2027-01', '2026-06', '2026-01')).toBe('NOT_CURRENT');
    expect(decideTermsAcceptance('2026-06', '2026-06', '2026-01')).toBe('RECORD');
    expect(decideTermsAcceptance(' 2026-06 ', '2026-06', null)).toBe('RECORD');
    expect(decideTermsAcceptance('2026-06', '2026-06', '2026-06')).toBe('ALREADY_ACCEPTED');
  });

  it('the accepted version is the latest consent', () => {
    expect(acceptedTermsVersion([])).toBeNull();
    expect(
      acceptedTermsVersion([
        { termsVersion: '2026-06', acceptedAt: new Date('2026-11-01') },
        { termsVersion: '2026-01', acceptedAt: new Date('2026-01-05') },
      ]),
    ).toBe('2026-06');
  });
});
