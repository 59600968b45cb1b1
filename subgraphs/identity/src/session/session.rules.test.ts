import { decideRefresh, hashRefreshToken, looksLikeRefreshToken, newRefreshToken, refreshTokenExpiry } from './session.rules';

const NOW = new Date('2026-06-01T12:00:00Z');
const live = { expiresAt: new Date('2026-06-30T00:00:00Z'), usedAt: null };
const active = { revokedAt: null };
const user = { blocked: false };

describe('refresh tokens', () => {
  it('are 32 random bytes in base64url, kept only as their SHA-256', () => {
    const { token, hash } = newRefreshToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toBe(hashRefreshToken(token));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(newRefreshToken().token).not.toBe(token);
    expect(looksLikeRefreshToken(token)).toBe(true);
    expect(looksLikeRefreshToken(`${token}x`)).toBe(false);
  });

  it('expire after the configured number of days', () => {
    expect(refreshTokenExpiry(NOW, 30).toISOString()).toBe('2026-07-01T12:00:00.000Z');
  });
});

describe('refresh decisions', () => {
  it.each([
    ['an unknown token', null, null, null, 'UNKNOWN'],
    ['a blocked account', live, active, { blocked: true }, 'BLOCKED'],
    ['a session ended by logout', live, { revokedAt: NOW }, user, 'SESSION_ENDED'],
    ['a token used before (copied)', { ...live, usedAt: NOW }, active, user, 'REUSED'],
    ['an expired token', { ...live, expiresAt: NOW }, active, user, 'EXPIRED'],
    ['a live token', live, active, user, 'ROTATE'],
  ] as const)('%s: %s', (_what, token, session, account, expected) => {
    expect(decideRefresh(token, session, account, NOW)).toBe(expected);
  });
});
