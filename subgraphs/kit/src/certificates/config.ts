import { str } from 'envalid';
import { createRevocationChecker, type RevocationChecker } from './revocation';

/** Where `npm start` runs the certification-authority stand-in (standins/src/certification-authority.ts). */
export const DEV_CERTIFICATION_AUTHORITY_URL = 'http://127.0.0.1:4102';

/** What a service that checks qualified signatures reads: the trusted root and where revocations are published. */
export const qualifiedSignatureEnvSpec = {
  TRUSTED_ROOT_CA_PEM: str({
    devDefault: '',
    desc: 'PEM of the trusted root certification authority (one or more certificates) for qualified signatures; "\\n" escapes allowed',
  }),
  CA_CRL_URL: str({
    devDefault: `${DEV_CERTIFICATION_AUTHORITY_URL}/crl`,
    desc: "URL of the certification authority's certificate revocation list (DER or PEM), checked at every qualified signature",
  }),
  CA_CRL_ALLOWED_URLS: str({
    default: '',
    desc: "comma-separated URL prefixes a certificate's own CRL distribution point may be fetched from (default: the origin of CA_CRL_URL)",
  }),
  CA_CRL_MAX_AGE_SECONDS: str({ default: '300', desc: 'a cached CRL is fetched again after this many seconds even before its nextUpdate (0: at every check)' }),
};

export interface QualifiedSignatureSettings {
  TRUSTED_ROOT_CA_PEM: string;
  CA_CRL_URL: string;
  CA_CRL_ALLOWED_URLS: string;
  CA_CRL_MAX_AGE_SECONDS: string;
}

/** The trusted root bundle from the environment ("\n" escapes allowed), or null when none is configured. */
export function trustedRootsFrom(value: string): string | null {
  const pem = value.replace(/\\n/g, '\n').trim();
  if (pem === '') return null;
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new Error('TRUSTED_ROOT_CA_PEM: must contain at least one PEM certificate (-----BEGIN CERTIFICATE-----)');
  return pem;
}

/** A revocation checker for the configured CRL; throws with the variable's name on a bad value. */
export function revocationCheckerFrom(settings: Pick<QualifiedSignatureSettings, 'CA_CRL_URL' | 'CA_CRL_ALLOWED_URLS' | 'CA_CRL_MAX_AGE_SECONDS'>): RevocationChecker {
  const crlUrl = settings.CA_CRL_URL.trim() || null;
  if (crlUrl && !/^https?:\/\//.test(crlUrl)) throw new Error(`CA_CRL_URL: must be an http(s) URL; got "${crlUrl}"`);
  const maxAgeSeconds = Number(settings.CA_CRL_MAX_AGE_SECONDS);
  if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 0 || maxAgeSeconds > 7 * 24 * 3600) {
    throw new Error(`CA_CRL_MAX_AGE_SECONDS: must be a whole number of seconds from 0 to 604800; got "${settings.CA_CRL_MAX_AGE_SECONDS}"`);
  }
  const allowed = settings.CA_CRL_ALLOWED_URLS.split(',').map((prefix) => prefix.trim()).filter(Boolean);
  for (const prefix of allowed) {
    if (!/^https?:\/\/[^/]+\//.test(prefix)) throw new Error(`CA_CRL_ALLOWED_URLS: each prefix must be an http(s) URL with a path, e.g. "https://ca.example.kg/"; got "${prefix}"`);
  }
  return createRevocationChecker({ crlUrl, allowedUrlPrefixes: allowed.length > 0 ? allowed : undefined, maxAgeSeconds });
}
