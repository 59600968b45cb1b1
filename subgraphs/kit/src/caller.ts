import { type CryptoKey, SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { webcrypto } from 'node:crypto';

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

/** Signs the caller into a short-lived HS256 token with the secret shared by gateway and subgraphs. */
export async function signCallerToken(caller: Caller, secret: string): Promise<string> {
  return new SignJWT({
    roles: caller.roles,
    pid: caller.providerId,
    al: caller.acceptLanguage,
    pl: caller.preferredLanguage,
    ip: caller.ip,
    rid: caller.requestId,
    sid: caller.sessionId ?? null,
    ...(caller.userAgent ? { ua: normalizeUserAgent(caller.userAgent) } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(caller.userId ?? '')
    .setIssuedAt()
    .setExpirationTime(`${TTL_SECONDS}s`)
    .sign(await hmacKey(secret));
}

export class CallerTokenError extends Error {}

/**
 * Tokens already verified, until their expiry: the gateway sends one token per client request to
 * every fetch of its query plan, so a subgraph fetched twice verifies it once. Safe because the key
 * is the whole token, signature included, under one secret: the same bytes verify the same way until
 * `exp`, after which the entry is ignored and the token re-verified (and refused). Failures are never
 * kept, so a forged token costs a full verification every time.
 */
const VERIFIED_CACHE_SIZE = 10_000;
const verified = new Map<string, { caller: Caller; expiresAtMs: number }>();

/** Verifies a caller token; throws CallerTokenError when missing, forged or expired. */
export async function verifyCallerToken(token: string | undefined | null, secret: string): Promise<Caller> {
  if (!token) throw new CallerTokenError('missing caller token');
  const cacheKey = `${secret.length}:${secret}:${token}`;
  const known = verified.get(cacheKey);
  if (known && known.expiresAtMs > Date.now()) return { ...known.caller, roles: [...known.caller.roles] };
  const { caller, expiresAtMs } = await verifyUncached(token, secret);
  if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!); // oldest first
  verified.set(cacheKey, { caller, expiresAtMs });
  return { ...caller, roles: [...caller.roles] };
}

async function verifyUncached(token: string, secret: string): Promise<{ caller: Caller; expiresAtMs: number }> {
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
      requestId: typeof payload.rid === 'string' ? payload.rid : 'unknown',
      sessionId: typeof payload.sid === 'string' ? payload.sid : null,
      userAgent: typeof payload.ua === 'string' ? normalizeUserAgent(payload.ua) : null,
    };
    // the gateway always sets exp; a token without one is kept one TTL at most
    return { caller, expiresAtMs: typeof payload.exp === 'number' ? payload.exp * 1000 : Date.now() + TTL_SECONDS * 1000 };
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
