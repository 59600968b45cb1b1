/**
 * Rules of sessions: refresh tokens are opaque random strings kept only as a SHA-256 hash, grouped
 * in a family (one sign-in) and rotated at every refresh. Pure: no GraphQL, no ORM, no I/O.
 */
import { createHash, randomBytes } from 'node:crypto';

const REFRESH_TOKEN_BYTES = 32;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface NewRefreshToken {
  /** Handed to the client once; never stored. */
  token: string;
  /** What the database keeps. */
  hash: string;
}

export function newRefreshToken(): NewRefreshToken {
  const token = randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Refresh tokens are 32 random bytes in base64url: anything else is not worth a database lookup. */
export function looksLikeRefreshToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function refreshTokenExpiry(issuedAt: Date, ttlDays: number): Date {
  return new Date(issuedAt.getTime() + ttlDays * DAY_MS);
}

export interface RefreshTokenState {
  expiresAt: Date;
  usedAt: Date | null;
}

export interface SessionState {
  revokedAt: Date | null;
}

/**
 * What a presented refresh token allows. A token already used means it was copied: the legitimate
 * client and an attacker both hold it, and we cannot tell which one is asking, so the whole family goes.
 */
export type RefreshDecision = 'ROTATE' | 'UNKNOWN' | 'SESSION_ENDED' | 'REUSED' | 'EXPIRED' | 'BLOCKED';

export function decideRefresh(
  token: RefreshTokenState | null,
  session: SessionState | null,
  user: { blocked: boolean } | null,
  now: Date,
): RefreshDecision {
  if (!token || !session || !user) return 'UNKNOWN';
  // Blocking also ends every session; saying "blocked" rather than "session ended" tells the holder why.
  if (user.blocked) return 'BLOCKED';
  if (session.revokedAt) return 'SESSION_ENDED';
  if (token.usedAt) return 'REUSED';
  if (token.expiresAt.getTime() <= now.getTime()) return 'EXPIRED';
  return 'ROTATE';
}
