import { type CryptoKey, jwtVerify, errors as joseErrors } from 'jose';
import { createHash, createHmac, webcrypto } from 'node:crypto';
import { rememberBounded } from './bounded-cache';

export type RoleCode = 'CITIZEN' | 'PROVIDER_OFFICER' | 'OPERATOR';
export type LanguageCode = 'KY' | 'RU';
export const ROLES: readonly RoleCode[] = ['CITIZEN', 'PROVIDER_OFFICER', 'OPERATOR'];

/** Who is calling, as established by the gateway from the access token and the HTTP request. */
export interface Caller {
  userId: string | null;
  roles: RoleCode[];
  providerId: string | null;
  /** LanguageCode from the client's Accept-LanguageCode header, if it names KY or RU. */
  acceptLanguage: LanguageCode | null;
  /** The signed-in user's preferred language, from the access token. */
  preferredLanguage: LanguageCode | null;
  ip: string | null;
  requestId: string;
  /** The sign-in session (refresh-token family) the access token belongs to. */
  sessionId?: string | null;
  /** The client's User-Agent header, cut to USER_AGENT_MAX_LENGTH (shown in the holder's list of sessions). */
  userAgent?: string | null;
  /**
   * Set on a live-feed event rendered once for a whole access class (gateway subscriptions): the
   * other users it is rendered for; their reads of personal data are recorded as well.
   */
  alsoFor?: string[];
}

/** Enough to recognise a browser or an app; a longer header is cut, so the caller token stays small. */
export const USER_AGENT_MAX_LENGTH = 200;

/** The User-Agent as carried by callers: control characters removed, trimmed, cut; null when empty. */
export function normalizeUserAgent(header: string | undefined | null): string | null {
  if (!header) return null;
  // eslint-disable-next-line no-control-regex
  const clean = header.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean === '' ? null : [...clean].slice(0, USER_AGENT_MAX_LENGTH).join('');
}

export const ANONYMOUS = (requestId: string, ip: string | null = null, acceptLanguage: LanguageCode | null = null): Caller => ({
  userId: null,
  roles: [],
  providerId: null,
  acceptLanguage,
  preferredLanguage: null,
  ip,
  requestId,
});

/** The header the gateway puts on every subgraph request; subgraphs refuse requests without it. */
export const CALLER_HEADER = 'x-portal-caller';
const ISSUER = 'portal-gateway';
const AUDIENCE = 'portal-subgraphs';
const TTL_SECONDS = 60;

const keyCache = new Map<string, Promise<CryptoKey>>();
/** The HMAC key, imported once per secret (importing it for every token costs more than signing). */
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keyCache.set(secret, key);
  }
  return key;
}

const PROTECTED_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');

/** Tokens signed, by secret and claims, reused while at least half their life is left. */
const SIGNED_CACHE_SIZE = 10_000;
const signed = new Map<string, { token: string; expiresAt: number }>();

/**
 * Signs the caller into a short-lived HS256 token (a compact JWS, RFC 7515) with the secret shared by
 * gateway and subgraphs. The request id is not in it: it travels in `x-request-id`, so the requests
 * of one client within half a token's life carry the same token, which each subgraph verifies once
 * (verifyCallerToken's cache) instead of once per request; a token is reused while it has at least
 * half its life left. node:crypto's HMAC signs synchronously, where WebCrypto's asynchronous sign
 * cost a tenth of the gateway's time for `me`. Subgraphs verify with jose (verifyCallerToken), so a
 * token signed wrongly here is refused there.
 */
export async function signCallerToken(caller: Caller, secret: string): Promise<string> {
  const claims = {
    roles: caller.roles,
    pid: caller.providerId,
    al: caller.acceptLanguage,
    pl: caller.preferredLanguage,
    ip: caller.ip,
    sid: caller.sessionId ?? null,
    ...(caller.userAgent ? { ua: normalizeUserAgent(caller.userAgent) } : {}),
    // the list itself rides in the request body (thousands of ids do not fit a header); the token pins it
    ...(caller.alsoFor?.length ? { afd: alsoForDigest(caller.alsoFor) } : {}),
    iss: ISSUER,
    aud: AUDIENCE,
    sub: caller.userId ?? '',
  };
  const now = Math.floor(Date.now() / 1000);
  const cacheKey = `${secret.length}:${secret}:${JSON.stringify(claims)}`;
  const known = signed.get(cacheKey);
  if (known && known.expiresAt - now >= TTL_SECONDS / 2) return known.token;
  const expiresAt = now + TTL_SECONDS;
  const signingInput = `${PROTECTED_HEADER}.${Buffer.from(JSON.stringify({ ...claims, iat: now, exp: expiresAt })).toString('base64url')}`;
  const token = `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
  rememberBounded(signed, cacheKey, { token, expiresAt }, SIGNED_CACHE_SIZE);
  return token;
}

export class CallerTokenError extends Error {}

/** The request body's `extensions` entry with the users a shared render is also made for (see Caller.alsoFor). */
export const ALSO_FOR_EXTENSION = 'portalAlsoFor';

/** What the caller token signs of an `alsoFor` list: its SHA-256 (base64url) over the JSON. */
export function alsoForDigest(userIds: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(userIds)).digest('base64url');
}

/**
 * Tokens already verified, until their expiry: the gateway sends one token per client request to
 * every fetch of its query plan, so a subgraph fetched twice verifies it once. Safe because the key
 * is the whole token, signature included, under one secret: the same bytes verify the same way until
 * `exp`, after which the entry is ignored and the token re-verified (and refused). Failures are never
 * kept, so a forged token costs a full verification every time.
 */
const VERIFIED_CACHE_SIZE = 10_000;
const verified = new Map<string, VerifiedToken>();

/**
 * Verifies a caller token; throws CallerTokenError when missing, forged or expired. A token that
 * pins an `alsoFor` list is valid only with exactly that list, read by `claimedAlsoFor` from the
 * request: checked on every request, cached or not, since the list comes with the body.
 * `requestId` is the request's own (its `x-request-id`); a token of an older gateway may carry one.
 */
export async function verifyCallerToken(token: string | undefined | null, secret: string, claimedAlsoFor?: () => unknown, requestId?: string): Promise<Caller> {
  if (!token) throw new CallerTokenError('missing caller token');
  const cacheKey = `${secret.length}:${secret}:${token}`;
  let known = verified.get(cacheKey);
  if (!known || known.expiresAtMs <= Date.now()) {
    known = await verifyUncached(token, secret);
    rememberBounded(verified, cacheKey, known, VERIFIED_CACHE_SIZE);
  }
  // the request id comes with the request (x-request-id), not in the token, which serves many requests
  const caller: Caller = { ...known.caller, roles: [...known.caller.roles], ...(requestId ? { requestId } : {}) };
  if (known.alsoForDigest !== null) {
    const claimed = claimedAlsoFor?.();
    const valid = Array.isArray(claimed) && claimed.every((id) => typeof id === 'string') && alsoForDigest(claimed as string[]) === known.alsoForDigest;
    if (!valid) throw new CallerTokenError("invalid caller token: the recipients it names are not the request's");
    caller.alsoFor = claimed as string[];
  }
  return caller;
}

interface VerifiedToken {
  caller: Caller;
  /** The `afd` claim: the digest of the recipient list the token pins, or null. */
  alsoForDigest: string | null;
  expiresAtMs: number;
}

async function verifyUncached(token: string, secret: string): Promise<VerifiedToken> {
  try {
    const { payload } = await jwtVerify(token, await hmacKey(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
    });
    const roles = Array.isArray(payload.roles) ? (payload.roles.filter((r) => ROLES.includes(r as RoleCode)) as RoleCode[]) : [];
    const caller: Caller = {
      userId: payload.sub ? payload.sub : null,
      roles,
      providerId: typeof payload.pid === 'string' ? payload.pid : null,
      acceptLanguage: asLanguage(payload.al),
      preferredLanguage: asLanguage(payload.pl),
      ip: typeof payload.ip === 'string' ? payload.ip : null,
      // tokens signed before the request id moved to x-request-id carry it as `rid`
      requestId: typeof payload.rid === 'string' ? payload.rid : 'unknown',
      sessionId: typeof payload.sid === 'string' ? payload.sid : null,
      userAgent: typeof payload.ua === 'string' ? normalizeUserAgent(payload.ua) : null,
    };
    const alsoForDigestClaim = typeof payload.afd === 'string' ? payload.afd : null;
    // the gateway always sets exp; a token without one is kept one TTL at most
    return { caller, alsoForDigest: alsoForDigestClaim, expiresAtMs: typeof payload.exp === 'number' ? payload.exp * 1000 : Date.now() + TTL_SECONDS * 1000 };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) throw new CallerTokenError(`invalid caller token: ${error.code}`);
    throw error;
  }
}

export function asLanguage(value: unknown): LanguageCode | null {
  return value === 'KY' || value === 'RU' ? value : null;
}

/** Picks KY or RU from an Accept-LanguageCode header by quality; other languages are ignored. */
export function languageFromAcceptLanguage(header: string | undefined | null): LanguageCode | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === 'ky') return 'KY';
    if (tag === 'ru') return 'RU';
  }
  return null;
}
