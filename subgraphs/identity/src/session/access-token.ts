/**
 * Access tokens: short-lived ES256 JWTs the gateway verifies against the identity JWKS
 * (GET /.well-known/jwks.json). The claims below are the contract with the gateway; keep them exact.
 */
import type { JsonWebKey } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { type CryptoKey, type JWK, type JWTVerifyGetKey, SignJWT, importJWK, jwtVerify } from 'jose';
import type { LanguageCode, RoleCode } from '@portal/kit';

export const ACCESS_TOKEN_ISSUER = 'portal-identity';
export const ACCESS_TOKEN_AUDIENCE = 'portal';
export const ACCESS_TOKEN_ALGORITHM = 'ES256';
export const JWKS_PATH = '/.well-known/jwks.json';

/** The payload of an access token (besides iss, aud, iat, exp, jti). */
export interface AccessTokenClaims {
  /** The user id. */
  sub: string;
  roles: RoleCode[];
  /** Provider id of a provider officer, else null. */
  pid: string | null;
  /** The user's preferred language. */
  lang: LanguageCode;
  /** The session (refresh-token family) id. */
  sid: string;
}

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
}

export interface PublicJwks {
  keys: Array<JWK & { kid: string; alg: string; use: string }>;
}

export class AccessTokenIssuer {
  private privateKey: Promise<CryptoKey> | null = null;
  readonly kid: string;

  constructor(
    private readonly privateJwk: JsonWebKey & { kid: string },
    private readonly ttlSeconds: number,
  ) {
    this.kid = privateJwk.kid;
  }

  async issue(claims: AccessTokenClaims, now: Date = new Date()): Promise<IssuedAccessToken> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + this.ttlSeconds;
    const token = await new SignJWT({ roles: claims.roles, pid: claims.pid, lang: claims.lang, sid: claims.sid })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid: this.kid })
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setSubject(claims.sub)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(randomUUID())
      .sign(await this.signingKey());
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  /** The public half only: what GET /.well-known/jwks.json serves. */
  jwks(): PublicJwks {
    const { kty, crv, x, y } = this.privateJwk;
    return { keys: [{ kty, crv, x, y, kid: this.kid, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' }] };
  }

  private signingKey(): Promise<CryptoKey> {
    this.privateKey ??= importJWK({ ...this.privateJwk, alg: ACCESS_TOKEN_ALGORITHM } as JWK, ACCESS_TOKEN_ALGORITHM) as Promise<CryptoKey>;
    return this.privateKey;
  }
}

/**
 * Verifies an access token exactly as the gateway must: ES256 only, the identity issuer and portal
 * audience, an unexpired `exp`, and the claim shapes. Throws jose errors when it is not valid.
 */
export async function verifyAccessToken(token: string, keys: JWTVerifyGetKey): Promise<AccessTokenClaims & { exp: number }> {
  const { payload } = await jwtVerify(token, keys, {
    issuer: ACCESS_TOKEN_ISSUER,
    audience: ACCESS_TOKEN_AUDIENCE,
    algorithms: [ACCESS_TOKEN_ALGORITHM],
    requiredClaims: ['sub', 'exp', 'sid'],
  });
  const roles = Array.isArray(payload.roles) ? (payload.roles as unknown[]) : [];
  if (!roles.every((role) => role === 'CITIZEN' || role === 'PROVIDER_OFFICER' || role === 'OPERATOR')) {
    throw new Error('access token carries an unknown role');
  }
  return {
    sub: payload.sub as string,
    roles: roles as RoleCode[],
    pid: typeof payload.pid === 'string' ? payload.pid : null,
    lang: payload.lang === 'RU' ? 'RU' : 'KY',
    sid: String(payload.sid),
    exp: payload.exp as number,
  };
}
