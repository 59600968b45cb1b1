import { generateKeyPairSync } from 'node:crypto';
import { DEV_SECRETS } from '@portal/kit';
import { DEV_TUNDUK_PORTAL_SIGNING_KEY } from '@portal/tunduk';
import { calculateJwkThumbprint } from 'jose';
import { DEV_NATIONAL_ID_CLIENT_SECRET, generateSigningKey, jwkThumbprint, loadIdentityConfig } from './config';

const base = { DATABASE_URL: 'postgres://db/portal' };
const privateJwk = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
const production = () => ({
  ...base,
  NODE_ENV: 'production',
  INTERNAL_SECRET: 'a-real-secret-from-the-vault',
  IDENTITY_SIGNING_KEY: JSON.stringify(privateJwk()),
  NATIONAL_ID_ISSUER: 'https://id.tunduk.kg',
  NATIONAL_ID_JWKS_URL: 'https://id.tunduk.kg/jwks',
  NATIONAL_ID_CLIENT_ID: 'portal-kg',
  NATIONAL_ID_CLIENT_SECRET: 'a-client-secret-from-the-vault',
  NATIONAL_ID_AUTHORIZATION_URL: 'https://id.tunduk.kg/authorize',
  NATIONAL_ID_TOKEN_URL: 'https://id.tunduk.kg/token',
  NATIONAL_ID_REDIRECT_URIS: 'https://portal.gov.kg/auth/national-id, https://portal.gov.kg/app/',
  TRUSTED_ROOT_CA_PEM: '-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----',
  CA_CRL_URL: 'https://ca.example.kg/crl',
  TUNDUK_SECURITY_SERVER_URL: 'https://ss.portal.gov.kg',
  TUNDUK_CLIENT_ID: 'KG/GOV/70000001/portal',
  TUNDUK_SERVER_JWKS_URL: 'https://ss.portal.gov.kg/jwks',
  TUNDUK_PORTAL_SIGNING_KEY: JSON.stringify(privateJwk()),
});

describe('identity configuration', () => {
  describe('refused', () => {
    it('production without a signing key, the national system or the trusted root', () => {
      const refusal = (() => {
        try {
          loadIdentityConfig({ ...base, NODE_ENV: 'production', INTERNAL_SECRET: 'x' });
          return '';
        } catch (error) {
          return (error as Error).message;
        }
      })();
      for (const name of ['IDENTITY_SIGNING_KEY', 'NATIONAL_ID_ISSUER', 'NATIONAL_ID_JWKS_URL', 'NATIONAL_ID_CLIENT_ID', 'NATIONAL_ID_CLIENT_SECRET', 'NATIONAL_ID_AUTHORIZATION_URL', 'NATIONAL_ID_TOKEN_URL', 'NATIONAL_ID_REDIRECT_URIS', 'TRUSTED_ROOT_CA_PEM', 'CA_CRL_URL', 'TUNDUK_SECURITY_SERVER_URL', 'TUNDUK_CLIENT_ID', 'TUNDUK_PORTAL_SIGNING_KEY']) {
        expect(refusal).toMatch(new RegExp(`^  ${name}: `, 'm'));
      }
    });

    it("production with Tunduk's development key or the Tunduk stand-in", () => {
      expect(() => loadIdentityConfig({ ...production(), TUNDUK_PORTAL_SIGNING_KEY: DEV_TUNDUK_PORTAL_SIGNING_KEY })).toThrow(/TUNDUK_PORTAL_SIGNING_KEY: the development key is refused in production/);
      expect(() => loadIdentityConfig({ ...production(), TUNDUK_SECURITY_SERVER_URL: 'http://127.0.0.1:4103' })).toThrow(/TUNDUK_SECURITY_SERVER_URL: points at the local stand-in/);
    });

    it("production with the stand-in's CRL, or a CRL setting that is not usable", () => {
      expect(() => loadIdentityConfig({ ...production(), CA_CRL_URL: 'http://127.0.0.1:4102/crl' })).toThrow(/CA_CRL_URL: points at the local stand-in/);
      expect(() => loadIdentityConfig({ ...production(), CA_CRL_URL: 'ftp://ca.example.kg/crl' })).toThrow(/CA_CRL_URL: must be an http\(s\) URL/);
      expect(() => loadIdentityConfig({ ...production(), CA_CRL_MAX_AGE_SECONDS: '-1' })).toThrow(/CA_CRL_MAX_AGE_SECONDS/);
      expect(() => loadIdentityConfig({ ...production(), CA_CRL_ALLOWED_URLS: 'ca.example.kg' })).toThrow(/CA_CRL_ALLOWED_URLS/);
    });

    it('production with the development internal secret or a weak scrypt cost', () => {
      expect(() => loadIdentityConfig({ ...production(), INTERNAL_SECRET: DEV_SECRETS.INTERNAL_SECRET })).toThrow(/INTERNAL_SECRET/);
      expect(() => loadIdentityConfig({ ...production(), PASSWORD_SCRYPT_N: '1024' })).toThrow(/PASSWORD_SCRYPT_N: production needs at least 32768/);
    });

    it('production with the development national-ID client secret, or redirect URIs that are not https', () => {
      expect(() => loadIdentityConfig({ ...production(), NATIONAL_ID_CLIENT_SECRET: DEV_NATIONAL_ID_CLIENT_SECRET })).toThrow(/NATIONAL_ID_CLIENT_SECRET/);
      expect(() => loadIdentityConfig({ ...production(), NATIONAL_ID_REDIRECT_URIS: 'http://portal.gov.kg/' })).toThrow(/NATIONAL_ID_REDIRECT_URIS: "http:\/\/portal.gov.kg\/" must use https in production/);
      expect(() => loadIdentityConfig({ ...production(), NATIONAL_ID_REDIRECT_URIS: ' , ' })).toThrow(/NATIONAL_ID_REDIRECT_URIS: list at least one/);
      expect(() => loadIdentityConfig({ ...production(), NATIONAL_ID_TOKEN_AUTH_METHOD: 'none' })).toThrow(/NATIONAL_ID_TOKEN_AUTH_METHOD/);
      expect(() => loadIdentityConfig({ ...production(), NATIONAL_ID_TOKEN_URL: 'ftp://id.tunduk.kg/token' })).toThrow(/NATIONAL_ID_TOKEN_URL: must be an http\(s\) URL/);
    });

    it('a signing key that is public, of another curve, or not JSON', () => {
      const { d: _d, ...publicOnly } = privateJwk();
      expect(() => loadIdentityConfig({ ...production(), IDENTITY_SIGNING_KEY: JSON.stringify(publicOnly) })).toThrow(/must be the private key/);
      const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'jwk' });
      expect(() => loadIdentityConfig({ ...production(), IDENTITY_SIGNING_KEY: JSON.stringify(p384) })).toThrow(/EC P-256/);
      expect(() => loadIdentityConfig({ ...production(), IDENTITY_SIGNING_KEY: '{nope' })).toThrow(/not valid JSON/);
    });

    it('lifetimes and costs that are not whole numbers', () => {
      expect(() => loadIdentityConfig({ ...base, NODE_ENV: 'test', ACCESS_TOKEN_TTL_SECONDS: 'ten' })).toThrow(/ACCESS_TOKEN_TTL_SECONDS/);
      expect(() => loadIdentityConfig({ ...base, NODE_ENV: 'test', PASSWORD_SCRYPT_N: '3000' })).toThrow(/power of two/);
    });
  });

  describe('accepted', () => {
    it('production with every value set; escaped newlines in the root PEM become real ones', () => {
      const config = loadIdentityConfig(production());
      expect(config).toMatchObject({ nodeEnv: 'production', accessTokenTtlSeconds: 600, refreshTokenTtlDays: 30, termsVersion: '2026-01', passwordScryptN: 32768 });
      expect(config.nationalId).toEqual({
        issuer: 'https://id.tunduk.kg',
        jwksUrl: 'https://id.tunduk.kg/jwks',
        clientId: 'portal-kg',
        clientSecret: 'a-client-secret-from-the-vault',
        authorizationUrl: 'https://id.tunduk.kg/authorize',
        tokenUrl: 'https://id.tunduk.kg/token',
        tokenAuthMethod: 'client_secret_basic',
        redirectUris: ['https://portal.gov.kg/auth/national-id', 'https://portal.gov.kg/app/'],
        loginTtlSeconds: 600,
      });
      expect(config.trustedRootCaPem).toBe('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----');
    });

    it('development without a signing key: generates one and warns; unset NODE_ENV counts as development', () => {
      const warnings: string[] = [];
      const config = loadIdentityConfig(base, (message) => warnings.push(message));
      expect(config.nodeEnv).toBe('development');
      expect(config.signingKey).toMatchObject({ kty: 'EC', crv: 'P-256', d: expect.any(String), kid: expect.any(String) });
      expect(warnings).toEqual([expect.stringMatching(/IDENTITY_SIGNING_KEY is not set/)]);
      expect(config.trustedRootCaPem).toBeNull();
      expect(config.nationalId.clientId).toBe('portal');
    });

    it('a given kid is kept; without one the RFC 7638 thumbprint is used', async () => {
      const jwk = privateJwk();
      expect(loadIdentityConfig({ ...production(), IDENTITY_SIGNING_KEY: JSON.stringify({ ...jwk, kid: 'k-2026' }) }).signingKey.kid).toBe('k-2026');
      const generated = generateSigningKey();
      expect(jwkThumbprint(generated)).toBe(await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: generated.x!, y: generated.y! }));
    });
  });
});
