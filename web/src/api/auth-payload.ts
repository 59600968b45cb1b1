import type { Session } from './session';

/** The selection every sign-in asks for: what the session store keeps. */
export const AUTH_PAYLOAD_FIELDS = 'accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id fullName roles }';

export function sessionOf(payload: {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: { id: string; fullName: string; roles: readonly string[] };
}): Session {
  return { ...payload, user: { id: payload.user.id, fullName: payload.user.fullName, roles: [...payload.user.roles] } };
}

/** Where to go after signing in: a path of this app only (never another origin). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/cabinet';
}
