/**
 * The Tunduk settings a subgraph reads: spread `tundukEnvSpec` into the subgraph's envalid spec and
 * turn the cleaned values into a client config with `tundukConfigFrom`. Development defaults point
 * at the local stand-in; production refuses them and the development signing key.
 */
import { cleanEnv, str } from 'envalid';
import type { TundukClientConfig } from './client';
import { DEV_TUNDUK_PORTAL_SIGNING_KEY, parsePortalSigningKey } from './signing';

/** Where `npm start` runs the Tunduk stand-in (standins/src/tunduk.ts). */
export const DEV_TUNDUK_URL = 'http://127.0.0.1:4103';
export const DEFAULT_TUNDUK_CLIENT_ID = 'KG/GOV/70000001/portal';

export const tundukEnvSpec = {
  TUNDUK_SECURITY_SERVER_URL: str({ devDefault: DEV_TUNDUK_URL, desc: "URL of the portal's Tunduk (X-Road) security server" }),
  TUNDUK_CLIENT_ID: str({ devDefault: DEFAULT_TUNDUK_CLIENT_ID, desc: "the portal's X-Road subsystem id (X-Road-Client), instance/memberClass/memberCode/subsystemCode" }),
  TUNDUK_SERVER_JWKS_URL: str({ default: '', devDefault: `${DEV_TUNDUK_URL}/jwks`, desc: "URL of the keys the security server signs answers with (JWKS); or set TUNDUK_SERVER_PUBLIC_KEY_PEM" }),
  TUNDUK_SERVER_PUBLIC_KEY_PEM: str({ default: '', desc: "the security server's answer-signing public key (SPKI PEM); wins over TUNDUK_SERVER_JWKS_URL" }),
  TUNDUK_PORTAL_SIGNING_KEY: str({ devDefault: DEV_TUNDUK_PORTAL_SIGNING_KEY, desc: "the portal's key that signs message-log entries: PKCS#8 PEM or private EC P-256 JWK (JSON)" }),
  TUNDUK_TIMEOUT_MS: str({ default: '5000', desc: 'timeout of one Tunduk request attempt, ms' }),
  TUNDUK_READ_RETRIES: str({ default: '2', desc: 'extra attempts of a read after a timeout or 5xx' }),
  TUNDUK_BREAKER_FAILURES: str({ default: '5', desc: 'consecutive failures after which a service is not called for TUNDUK_BREAKER_RESET_MS' }),
  TUNDUK_BREAKER_RESET_MS: str({ default: '30000', desc: 'how long a tripped circuit stays open before one trial request' }),
};

export type TundukEnv = { [K in keyof typeof tundukEnvSpec]: string } & { NODE_ENV: string };

/**
 * Validates the cleaned Tunduk values; returns the client config and the problems found (the caller
 * reports them with its own). Production refuses the stand-in URLs and the development key.
 */
export function tundukConfigFrom(raw: TundukEnv): { config: TundukClientConfig; problems: string[] } {
  const production = raw.NODE_ENV === 'production';
  const problems: string[] = [];
  const whole = (name: keyof typeof tundukEnvSpec, min: number, max: number): number => {
    const value = Number(raw[name]);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}: must be a whole number from ${min} to ${max}; got "${raw[name]}"`);
      return min;
    }
    return value;
  };
  for (const name of ['TUNDUK_SECURITY_SERVER_URL', 'TUNDUK_SERVER_JWKS_URL'] as const) {
    if (raw[name] === '') continue;
    if (!/^https?:\/\//.test(raw[name])) problems.push(`${name}: must be an http(s) URL; got "${raw[name]}"`);
    else if (production && raw[name].startsWith(DEV_TUNDUK_URL)) problems.push(`${name}: points at the local stand-in; set the security server's value`);
    else if (production && !raw[name].startsWith('https://')) problems.push(`${name}: must use https in production`);
  }
  if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9-]+\/[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(raw.TUNDUK_CLIENT_ID)) {
    problems.push(`TUNDUK_CLIENT_ID: must be a subsystem id like ${DEFAULT_TUNDUK_CLIENT_ID}; got "${raw.TUNDUK_CLIENT_ID}"`);
  }
  const pem = raw.TUNDUK_SERVER_PUBLIC_KEY_PEM.replace(/\\n/g, '\n').trim();
  if (pem === '' && raw.TUNDUK_SERVER_JWKS_URL === '') problems.push("TUNDUK_SERVER_JWKS_URL or TUNDUK_SERVER_PUBLIC_KEY_PEM: the security server's answer-signing key is required");
  if (pem !== '' && !pem.includes('-----BEGIN PUBLIC KEY-----')) problems.push('TUNDUK_SERVER_PUBLIC_KEY_PEM: must be an SPKI PEM (-----BEGIN PUBLIC KEY-----)');
  if (production && raw.TUNDUK_PORTAL_SIGNING_KEY === DEV_TUNDUK_PORTAL_SIGNING_KEY) {
    problems.push('TUNDUK_PORTAL_SIGNING_KEY: the development key is refused in production; set the portal\'s own key');
  } else {
    try {
      parsePortalSigningKey(raw.TUNDUK_PORTAL_SIGNING_KEY);
    } catch (error) {
      problems.push(`TUNDUK_PORTAL_SIGNING_KEY: ${(error as Error).message}`);
    }
  }
  const config: TundukClientConfig = {
    securityServerUrl: raw.TUNDUK_SECURITY_SERVER_URL,
    clientId: raw.TUNDUK_CLIENT_ID,
    ...(pem !== '' ? { serverPublicKeyPem: pem } : { serverJwksUrl: raw.TUNDUK_SERVER_JWKS_URL }),
    portalSigningKey: raw.TUNDUK_PORTAL_SIGNING_KEY,
    timeoutMs: whole('TUNDUK_TIMEOUT_MS', 100, 120_000),
    readRetries: whole('TUNDUK_READ_RETRIES', 0, 5),
    breaker: { failureThreshold: whole('TUNDUK_BREAKER_FAILURES', 1, 1000), resetAfterMs: whole('TUNDUK_BREAKER_RESET_MS', 100, 3_600_000) },
  };
  return { config, problems };
}

/** Reads and validates the Tunduk settings alone (for code that has no config module of its own); throws listing every problem. */
export function loadTundukConfig(env: Record<string, string | undefined> = process.env): TundukClientConfig {
  const effective = { ...env, NODE_ENV: env.NODE_ENV ?? 'development' };
  const raw = cleanEnv(effective, { NODE_ENV: str({ choices: ['development', 'test', 'production'], default: 'development' }), ...tundukEnvSpec }, {
    reporter: ({ errors }) => {
      const problems = Object.entries(errors).map(([key, error]) => `${key}: ${(error as Error).message}`);
      if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    },
  });
  const { config, problems } = tundukConfigFrom(raw as unknown as TundukEnv);
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return config;
}
