/**
 * Rules of the account self-service: a new password, which sessions the holder sees, accepting the
 * terms again. Pure: no GraphQL, no ORM, no I/O.
 */
import { type FieldProblem, checkPassword } from '../user/user.rules';

/** What is wrong with a new password (the registration rules, plus: not the current one), or null. */
export function checkNewPassword(newPassword: string, currentPassword: string, pin: string): FieldProblem | null {
  const problem = checkPassword(newPassword, pin);
  if (problem) return { ...problem, field: 'newPassword' };
  if (newPassword === currentPassword) {
    return {
      field: 'newPassword',
      code: 'PASSWORD_UNCHANGED',
      message: { ky: 'Жаңы сырсөз учурдагысынан айырмаланышы керек.', ru: 'Новый пароль должен отличаться от текущего.' },
    };
  }
  return null;
}

export interface SessionFacts {
  id: string;
  revokedAt: Date | null;
  createdAt: Date;
  lastRefreshedAt: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A session still stands while it is not ended and its newest refresh token can still be used
 * (issued at the last refresh, living refreshTokenTtlDays).
 */
export function sessionStands(session: SessionFacts, now: Date, refreshTokenTtlDays: number): boolean {
  return session.revokedAt === null && session.lastRefreshedAt.getTime() + refreshTokenTtlDays * DAY_MS > now.getTime();
}

/** At most this many sessions are listed (the most recently used): a bounded answer, whatever the sign-ins. */
export const SESSION_LIST_LIMIT = 50;

/** The sessions the holder sees: those that stand, the most recently used first. */
export function standingSessions<S extends SessionFacts>(sessions: readonly S[], now: Date, refreshTokenTtlDays: number, limit = SESSION_LIST_LIMIT): S[] {
  return sessions
    .filter((session) => sessionStands(session, now, refreshTokenTtlDays))
    .sort((a, b) => b.lastRefreshedAt.getTime() - a.lastRefreshedAt.getTime() || a.id.localeCompare(b.id))
    .slice(0, limit);
}

export type TermsAcceptance = 'RECORD' | 'ALREADY_ACCEPTED' | 'NOT_CURRENT';

/**
 * Only the current version can be accepted (an older or unknown one is a client error); accepting
 * the version already accepted again records nothing, so a retry never doubles the consent.
 */
export function decideTermsAcceptance(requested: string, current: string, accepted: string | null): TermsAcceptance {
  if (requested.trim() !== current) return 'NOT_CURRENT';
  return accepted === current ? 'ALREADY_ACCEPTED' : 'RECORD';
}

/** The version the holder accepted last (by time), or null when none was recorded. */
export function acceptedTermsVersion(consents: ReadonlyArray<{ termsVersion: string; acceptedAt: Date }>): string | null {
  let latest: { termsVersion: string; acceptedAt: Date } | null = null;
  for (const consent of consents) if (!latest || consent.acceptedAt.getTime() > latest.acceptedAt.getTime()) latest = consent;
  return latest?.termsVersion ?? null;
}
