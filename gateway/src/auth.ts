import { type Caller, languageFromAcceptLanguage, asLanguage, normalizeUserAgent, rememberBounded, ROLES, type RoleCode } from '@portal/kit';
import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { randomUUID } from 'node:crypto';

/** Claims of identity's access tokens that the gateway relies on. */
export const ACCESS_TOKEN_ISSUER = 'portal-identity';
export const ACCESS_TOKEN_AUDIENCE = 'portal';

export interface VerifiedAccessToken extends Omit<Caller, 'acceptLanguage' | 'ip' | 'requestId' | 'userAgent'> {
  userId: string;
  /** Unix seconds. */
  expiresAt: number;
  /** Unix seconds. */
  issuedAt: number;
}

/** Longest access-token lifetime (exp - iat) the gateway accepts: a little above identity's 600 s. */
export const DEFAULT_MAX_ACCESS_TOKEN_TTL_SECONDS = 900;
/** Clock difference tolerated between identity and the gateway for `iat`. */
const CLOCK_SKEW_SECONDS = 60;

/** A token whose lifetime the gateway does not accept (too long, no exp/iat, issued in the future). */
export class AccessTokenLifetimeError extends Error {}

export interface AccessTokenVerifier {
  verify(token: string): Promise<VerifiedAccessToken>;
}

/** How many verified access tokens a verifier keeps (a few hundred bytes each), oldest dropped first. */
const VERIFIED_TOKENS_KEPT = 20_000;

/**
 * Verifies ES256 access tokens locally against identity's JWKS: keys are fetched once and cached,
 * refetched only when a token names an unknown key id (rotation), so no call per request.
 * A token that verified is kept until its expiry, so a client's next requests skip the ECDSA check:
 * the key is the whole token, signature included, so the same bytes verify the same way until `exp`,
 * after which the entry is dropped and the token checked again (and refused). Failures are never
 * kept. Whether the token's session still stands is checked on every request all the same
 * (`authenticate`'s session check), so a sign-out or block takes effect at once.
 */
export function jwksAccessTokenVerifier(
  jwksUrl: string | JWTVerifyGetKey,
  options: { maxLifetimeSeconds?: number } = {},
): AccessTokenVerifier {
  const keys = typeof jwksUrl === 'string' ? createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 }) : jwksUrl;
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_ACCESS_TOKEN_TTL_SECONDS;
  const verified = new Map<string, VerifiedAccessToken>();
  const verifyUncached = async (token: string): Promise<VerifiedAccessToken> => {
    const { payload } = await jwtVerify(token, keys, { issuer: ACCESS_TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE, algorithms: ['ES256'] });
    if (!payload.sub) throw new joseErrors.JWTClaimValidationFailed('token has no subject', payload, 'sub', 'missing');
    // a stolen token must not outlive a short window, whatever the signer put in it
    if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number') {
      throw new AccessTokenLifetimeError('The access token carries no expiry or issue time; sign in again.');
    }
    if (payload.exp - payload.iat > maxLifetime) {
      throw new AccessTokenLifetimeError(`The access token lives ${payload.exp - payload.iat} s, longer than the ${maxLifetime} s this gateway accepts; sign in again.`);
    }
    if (payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) {
      throw new AccessTokenLifetimeError('The access token is issued in the future; sign in again.');
    }
    const roles = Array.isArray(payload.roles) ? (payload.roles.filter((r) => ROLES.includes(r as RoleCode)) as RoleCode[]) : [];
    return {
      userId: payload.sub,
      roles,
      providerId: typeof payload.pid === 'string' ? payload.pid : null,
      preferredLanguage: asLanguage(payload.lang),
      sessionId: typeof payload.sid === 'string' ? payload.sid : null,
      expiresAt: payload.exp ?? 0,
      issuedAt: payload.iat ?? 0,
    };
  };
  return {
    async verify(token) {
      const known = verified.get(token);
      if (known && known.expiresAt * 1000 > Date.now()) return { ...known, roles: [...known.roles] };
      const fresh = await verifyUncached(token);
      rememberBounded(verified, token, fresh, VERIFIED_TOKENS_KEPT);
      return { ...fresh, roles: [...fresh.roles] };
    },
  };
}

export interface HttpRequestFacts {
  authorization: string | undefined;
  acceptLanguage: string | undefined;
  ip: string | null;
  requestId?: string;
  /** The User-Agent header: identity keeps it with the session at sign-in and refresh. */
  userAgent?: string;
}

/** Whether a verified token's session still stands (see revocations.ts); a reason when it does not. */
export type SessionCheck = (token: VerifiedAccessToken) => string | null;

/** Establishes the caller of one request; a present but bad token is an error, never anonymous. */
export async function callerFromRequest(verifier: AccessTokenVerifier, facts: HttpRequestFacts, sessionCheck?: SessionCheck): Promise<Caller> {
  const base = {
    acceptLanguage: languageFromAcceptLanguage(facts.acceptLanguage),
    ip: facts.ip,
    requestId: facts.requestId ?? randomUUID(),
    userAgent: normalizeUserAgent(facts.userAgent),
  };
  if (!facts.authorization) return { ...base, userId: null, roles: [], providerId: null, preferredLanguage: null };
  const match = /^Bearer\s+(\S+)$/i.exec(facts.authorization.trim());
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <access token>".');
  const { identity } = await authenticate(verifier, match[1], sessionCheck);
  return { ...base, ...identity };
}

/**
 * Verifies an access token and that its session still stands (HTTP and WebSocket alike); throws an
 * UNAUTHENTICATED error saying why not.
 */
export async function authenticate(
  verifier: AccessTokenVerifier,
  accessToken: string,
  sessionCheck?: SessionCheck,
): Promise<{ identity: Omit<VerifiedAccessToken, 'expiresAt' | 'issuedAt'>; expiresAt: number }> {
  let token: VerifiedAccessToken;
  try {
    token = await verifier.verify(accessToken);
  } catch (error) {
    throw unauthenticated(describeTokenError(error));
  }
  const refusal = sessionCheck?.(token);
  if (refusal) throw unauthenticated(refusal);
  const { expiresAt, issuedAt: _issuedAt, ...identity } = token;
  return { identity, expiresAt };
}

export function describeTokenError(error: unknown): string {
  if (error instanceof AccessTokenLifetimeError) return error.message;
  if (error instanceof joseErrors.JWTExpired) return 'The access token has expired; get a new one with refreshSession.';
  if (error instanceof joseErrors.JOSEError) return 'The access token is not valid (forged, malformed or not issued by the portal); sign in again.';
  return 'The access token could not be verified; try again later.';
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
