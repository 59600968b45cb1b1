/**
 * The identity subgraph's one validated configuration. Development gets working defaults (a signing
 * key generated at start, the local national identification stand-in); production refuses to start
 * without the real values.
 */
import { createHash, createPrivateKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { DEV_CERTIFICATION_AUTHORITY_URL, DEV_SECRETS, loadConfig, log, oneTimeCodeEnvSpec, oneTimeCodeKeysFrom, type OneTimeCodeKeys, port, qualifiedSignatureEnvSpec, type RevocationChecker, revocationCheckerFrom, str, subgraphEnvSpec } from '@portal/kit';
import { type TundukClientConfig, type TundukEnv, tundukConfigFrom, tundukEnvSpec } from '@portal/tunduk';
import { PRODUCTION_SCRYPT, isPowerOfTwo } from './user/password-hash';

/** Where `npm start` runs the national identification stand-in (standins/src/national-id.ts). */
export const DEV_NATIONAL_ID_URL = 'http://127.0.0.1:4101';
export const DEFAULT_IDENTITY_PORT = 4001;
/** The stand-in's development client secret (refused in production). */
export const DEV_NATIONAL_ID_CLIENT_SECRET = 'dev-only-national-id-client-secret';

/** The shortest access-log retention accepted: the year submitted applications are kept. */
export const MIN_DATA_ACCESS_LOG_RETENTION_MONTHS = 12;

export const identityEnvSpec = {
  ...subgraphEnvSpec,
  PORT: port({ default: DEFAULT_IDENTITY_PORT }),
  IDENTITY_SIGNING_KEY: str({
    devDefault: '',
    desc: 'private ES256 (EC P-256) JWK, as JSON, that signs access tokens; "kid" optional (defaults to the RFC 7638 thumbprint)',
  }),
  ACCESS_TOKEN_TTL_SECONDS: str({ default: '600', desc: 'lifetime of access tokens in seconds' }),
  REFRESH_TOKEN_TTL_DAYS: str({ default: '30', desc: 'lifetime of a refresh token in days (renewed at every refresh)' }),
  TERMS_VERSION: str({ default: '2026-01', desc: 'the current version of the terms of use users must accept' }),
  NATIONAL_ID_ISSUER: str({ devDefault: DEV_NATIONAL_ID_URL, desc: 'the `iss` of ID tokens of the Unified Identification System' }),
  NATIONAL_ID_JWKS_URL: str({ devDefault: `${DEV_NATIONAL_ID_URL}/jwks`, desc: "URL of the Unified Identification System's published keys (JWKS)" }),
  NATIONAL_ID_CLIENT_ID: str({ devDefault: 'portal', desc: "the portal's client id at the Unified Identification System (the ID token audience)" }),
  ...qualifiedSignatureEnvSpec,
  NATIONAL_ID_CLIENT_SECRET: str({ devDefault: DEV_NATIONAL_ID_CLIENT_SECRET, desc: "the portal's client secret at the Unified Identification System's token endpoint" }),
  NATIONAL_ID_AUTHORIZATION_URL: str({ devDefault: `${DEV_NATIONAL_ID_URL}/authorize`, desc: "the Unified Identification System's authorization endpoint (the browser is sent there)" }),
  NATIONAL_ID_TOKEN_URL: str({ devDefault: `${DEV_NATIONAL_ID_URL}/token`, desc: "the Unified Identification System's token endpoint (identity exchanges the code there)" }),
  NATIONAL_ID_TOKEN_AUTH_METHOD: str({
    choices: ['client_secret_basic', 'client_secret_post'],
    default: 'client_secret_basic',
    desc: 'how identity authenticates at the token endpoint',
  }),
  NATIONAL_ID_REDIRECT_URIS: str({
    devDefault: 'http://localhost:4000/,http://127.0.0.1:4000/,http://localhost:5173/,http://127.0.0.1:5173/',
    desc: 'comma-separated allow-list of redirect URIs for the national-ID sign-in: exact URLs, or prefixes ending in "/" (any path below)',
  }),
  NATIONAL_ID_LOGIN_TTL_SECONDS: str({ default: '600', desc: 'how long a started national-ID sign-in (state and nonce) may be completed' }),
  PASSWORD_SCRYPT_N: str({ default: String(PRODUCTION_SCRYPT.N), desc: 'scrypt cost N (power of two) for new password hashes' }),
  // the population and legal-entity registers, read through Tunduk to verify registrations
  ...tundukEnvSpec,
  ...oneTimeCodeEnvSpec,
  ONE_TIME_CODE_TTL_MINUTES: str({ default: '10', desc: 'how long a one-time code (contact verification, password reset) can be used' }),
  DATA_ACCESS_LOG_RETENTION_MONTHS: str({
    default: String(36),
    desc: 'whole months the personal-data access log is kept before its month is dropped; at least 12 (R-27.6 keeps submitted applications a year)',
  }),
};

export interface NationalIdSettings {
  issuer: string;
  jwksUrl: string;
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
  tokenUrl: string;
  tokenAuthMethod: 'client_secret_basic' | 'client_secret_post';
  /** Exact redirect URIs, or prefixes ending in "/". */
  redirectUris: string[];
  loginTtlSeconds: number;
}

export interface IdentityConfig {
  nodeEnv: 'development' | 'test' | 'production';
  databaseUrl: string;
  internalSecret: string;
  host: string;
  port: number;
  /** Private EC P-256 JWK with `kid`. */
  signingKey: JsonWebKey & { kid: string };
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  termsVersion: string;
  nationalId: NationalIdSettings;
  /** PEM of the trusted root CA(s); null when qualified signatures are not configured (development only). */
  trustedRootCaPem: string | null;
  /** Revocation checks of qualified certificates at registration (the CA's CRL, CA_CRL_URL). */
  revocation: RevocationChecker;
  passwordScryptN: number;
  /** The Tunduk client: registrations are checked against the population and legal-entity registers. */
  tunduk: TundukClientConfig;
  /** Seals one-time codes for notifications and keys their stored HMACs (ONE_TIME_CODE_KEY, shared with notifications). */
  oneTimeCodeKeys: OneTimeCodeKeys;
  oneTimeCodeTtlMinutes: number;
  /** Months of the access log kept; older months are dropped by the partition job. */
  dataAccessLogRetentionMonths: number;
}

/**
 * Reads and validates the environment. An unset NODE_ENV counts as development. Throws with every
 * problem listed; in production also when a secret is missing or a development default is used.
 */
export function loadIdentityConfig(
  env: Record<string, string | undefined> = process.env,
  warn: (message: string) => void = (message) => log.warn({ subgraph: 'identity' }, message),
): IdentityConfig {
  const effectiveEnv = { ...env, NODE_ENV: env.NODE_ENV ?? 'development' };
  const raw = loadConfig(identityEnvSpec, effectiveEnv, { ...DEV_SECRETS, NATIONAL_ID_CLIENT_SECRET: DEV_NATIONAL_ID_CLIENT_SECRET });
  const production = raw.NODE_ENV === 'production';
  const problems: string[] = [];

  const positiveInteger = (name: string, value: string, max: number): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > max) {
      problems.push(`${name}: must be a whole number from 1 to ${max}; got "${value}"`);
      return 1;
    }
    return parsed;
  };
  const accessTokenTtlSeconds = positiveInteger('ACCESS_TOKEN_TTL_SECONDS', raw.ACCESS_TOKEN_TTL_SECONDS, 24 * 60 * 60);
  const refreshTokenTtlDays = positiveInteger('REFRESH_TOKEN_TTL_DAYS', raw.REFRESH_TOKEN_TTL_DAYS, 365);
  const passwordScryptN = positiveInteger('PASSWORD_SCRYPT_N', raw.PASSWORD_SCRYPT_N, 2 ** 20);
  const oneTimeCodeTtlMinutes = positiveInteger('ONE_TIME_CODE_TTL_MINUTES', raw.ONE_TIME_CODE_TTL_MINUTES, 60);
  // the Rules name no period for the access log; it lives at least as long as the applications it is about (R-27.6: a year)
  const dataAccessLogRetentionMonths = positiveInteger('DATA_ACCESS_LOG_RETENTION_MONTHS', raw.DATA_ACCESS_LOG_RETENTION_MONTHS, 1200);
  if (dataAccessLogRetentionMonths < MIN_DATA_ACCESS_LOG_RETENTION_MONTHS) {
    problems.push(`DATA_ACCESS_LOG_RETENTION_MONTHS: must be at least ${MIN_DATA_ACCESS_LOG_RETENTION_MONTHS} (submitted applications are kept a year, R-27.6); got ${raw.DATA_ACCESS_LOG_RETENTION_MONTHS}`);
  }
  let oneTimeCodeKeys: OneTimeCodeKeys | null = null;
  try {
    oneTimeCodeKeys = oneTimeCodeKeysFrom(raw.ONE_TIME_CODE_KEY);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const nationalIdLoginTtlSeconds = positiveInteger('NATIONAL_ID_LOGIN_TTL_SECONDS', raw.NATIONAL_ID_LOGIN_TTL_SECONDS, 60 * 60);
  if (!isPowerOfTwo(passwordScryptN) || passwordScryptN < 1024) {
    problems.push(`PASSWORD_SCRYPT_N: must be a power of two of at least 1024; got ${raw.PASSWORD_SCRYPT_N}`);
  } else if (production && passwordScryptN < PRODUCTION_SCRYPT.N) {
    problems.push(`PASSWORD_SCRYPT_N: production needs at least ${PRODUCTION_SCRYPT.N}; got ${passwordScryptN}`);
  }

  let signingKey: IdentityConfig['signingKey'] | null = null;
  if (raw.IDENTITY_SIGNING_KEY.trim() === '') {
    // envalid already refuses a missing key in production; an explicitly empty one is refused here.
    if (production) problems.push('IDENTITY_SIGNING_KEY: required in production (a private ES256 JWK as JSON)');
    else {
      signingKey = generateSigningKey();
      if (raw.NODE_ENV === 'development') {
        warn('IDENTITY_SIGNING_KEY is not set: generated a temporary signing key; access tokens will not survive a restart.');
      }
    }
  } else {
    try {
      signingKey = parseSigningKey(raw.IDENTITY_SIGNING_KEY);
    } catch (error) {
      problems.push(`IDENTITY_SIGNING_KEY: ${(error as Error).message}`);
    }
  }

  const trustedRootCaPem = raw.TRUSTED_ROOT_CA_PEM.replace(/\\n/g, '\n').trim();
  if (trustedRootCaPem !== '' && !trustedRootCaPem.includes('-----BEGIN CERTIFICATE-----')) {
    problems.push('TRUSTED_ROOT_CA_PEM: must contain at least one PEM certificate (-----BEGIN CERTIFICATE-----)');
  }
  if (production && trustedRootCaPem === '') {
    problems.push('TRUSTED_ROOT_CA_PEM: required in production (the root CA of qualified signatures)');
  }
  let revocation: RevocationChecker | null = null;
  try {
    revocation = revocationCheckerFrom(raw);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (production && raw.CA_CRL_URL.startsWith(DEV_CERTIFICATION_AUTHORITY_URL)) problems.push("CA_CRL_URL: points at the local stand-in; set the certification authority's CRL URL");
  for (const name of ['NATIONAL_ID_ISSUER', 'NATIONAL_ID_JWKS_URL', 'NATIONAL_ID_AUTHORIZATION_URL', 'NATIONAL_ID_TOKEN_URL'] as const) {
    if (name !== 'NATIONAL_ID_ISSUER' && !/^https?:\/\//.test(raw[name])) problems.push(`${name}: must be an http(s) URL; got "${raw[name]}"`);
    if (production && raw[name].startsWith(DEV_NATIONAL_ID_URL)) problems.push(`${name}: points at the local stand-in; set the real system's value`);
  }
  const redirectUris = raw.NATIONAL_ID_REDIRECT_URIS.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (redirectUris.length === 0) problems.push('NATIONAL_ID_REDIRECT_URIS: list at least one redirect URI of the portal\'s web or mobile client');
  for (const entry of redirectUris) {
    const problem = redirectUriEntryProblem(entry, production);
    if (problem) problems.push(`NATIONAL_ID_REDIRECT_URIS: "${entry}" ${problem}`);
  }

  const tunduk = tundukConfigFrom(raw as unknown as TundukEnv);
  problems.push(...tunduk.problems);

  if (problems.length > 0 || !signingKey || !revocation || !oneTimeCodeKeys) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return {
    nodeEnv: raw.NODE_ENV as IdentityConfig['nodeEnv'],
    databaseUrl: raw.DATABASE_URL,
    internalSecret: raw.INTERNAL_SECRET,
    host: raw.HOST,
    port: raw.PORT,
    signingKey,
    accessTokenTtlSeconds,
    refreshTokenTtlDays,
    termsVersion: raw.TERMS_VERSION,
    nationalId: {
      issuer: raw.NATIONAL_ID_ISSUER,
      jwksUrl: raw.NATIONAL_ID_JWKS_URL,
      clientId: raw.NATIONAL_ID_CLIENT_ID,
      clientSecret: raw.NATIONAL_ID_CLIENT_SECRET,
      authorizationUrl: raw.NATIONAL_ID_AUTHORIZATION_URL,
      tokenUrl: raw.NATIONAL_ID_TOKEN_URL,
      tokenAuthMethod: raw.NATIONAL_ID_TOKEN_AUTH_METHOD as NationalIdSettings['tokenAuthMethod'],
      redirectUris,
      loginTtlSeconds: nationalIdLoginTtlSeconds,
    },
    trustedRootCaPem: trustedRootCaPem === '' ? null : trustedRootCaPem,
    revocation,
    passwordScryptN,
    tunduk: tunduk.config,
    oneTimeCodeKeys,
    oneTimeCodeTtlMinutes,
    dataAccessLogRetentionMonths,
  };
}

/** What is wrong with an allow-list entry for redirect URIs, or null: absolute http(s), no fragment, https in production. */
function redirectUriEntryProblem(entry: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (production && url.protocol !== 'https:') return 'must use https in production';
  if (url.hash !== '' || url.username !== '' || url.password !== '') return 'must have no fragment and no user information';
  return null;
}

/** A fresh private ES256 JWK with its thumbprint as kid (development and tests). */
export function generateSigningKey(): IdentityConfig['signingKey'] {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: jwkThumbprint(jwk) };
}

function parseSigningKey(json: string): IdentityConfig['signingKey'] {
  let jwk: JsonWebKey & { kid?: unknown };
  try {
    jwk = JSON.parse(json) as JsonWebKey & { kid?: unknown };
  } catch {
    throw new Error('is not valid JSON');
  }
  if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw new Error('must be an EC P-256 JWK (kty "EC", crv "P-256")');
  if (typeof jwk.d !== 'string') throw new Error('must be the private key (with "d"), not the public key');
  try {
    createPrivateKey({ key: jwk, format: 'jwk' });
  } catch (error) {
    throw new Error(`is not a usable key: ${(error as Error).message}`);
  }
  const kid = typeof jwk.kid === 'string' && jwk.kid !== '' ? jwk.kid : jwkThumbprint(jwk);
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d, kid };
}

/** RFC 7638 SHA-256 thumbprint of an EC public key (the same value jose's calculateJwkThumbprint gives). */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}
