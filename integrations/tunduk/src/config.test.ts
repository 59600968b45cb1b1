import { generateKeyPairSync } from 'node:crypto';
import { DEFAULT_TUNDUK_CLIENT_ID, DEV_TUNDUK_URL, loadTundukConfig } from './config';
import { DEV_TUNDUK_PORTAL_SIGNING_KEY } from './signing';

const productionKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PRODUCTION = {
  NODE_ENV: 'production',
  TUNDUK_SECURITY_SERVER_URL: 'https://ss.portal.kg',
  TUNDUK_CLIENT_ID: 'KG/GOV/70000001/portal',
  TUNDUK_SERVER_JWKS_URL: 'https://ss.portal.kg/jwks',
  TUNDUK_PORTAL_SIGNING_KEY: productionKey,
};

describe('Tunduk configuration', () => {
  it('defaults to the local stand-in and the development key outside production', () => {
    const config = loadTundukConfig({});
    expect(config).toMatchObject({ securityServerUrl: DEV_TUNDUK_URL, clientId: DEFAULT_TUNDUK_CLIENT_ID, serverJwksUrl: `${DEV_TUNDUK_URL}/jwks`, portalSigningKey: DEV_TUNDUK_PORTAL_SIGNING_KEY, timeoutMs: 5000, readRetries: 2 });
  });

  it('takes real values in production (a PEM key, escaped newlines too)', () => {
    const config = loadTundukConfig({ ...PRODUCTION, TUNDUK_PORTAL_SIGNING_KEY: productionKey.replace(/\n/g, '\\n'), TUNDUK_TIMEOUT_MS: '2000' });
    expect(config).toMatchObject({ securityServerUrl: 'https://ss.portal.kg', timeoutMs: 2000 });
  });

  it('production refuses the development key, the stand-in, plain http and missing values', () => {
    expect(() => loadTundukConfig({ ...PRODUCTION, TUNDUK_PORTAL_SIGNING_KEY: DEV_TUNDUK_PORTAL_SIGNING_KEY })).toThrow(/TUNDUK_PORTAL_SIGNING_KEY: the development key is refused/);
    expect(() => loadTundukConfig({ ...PRODUCTION, TUNDUK_SECURITY_SERVER_URL: DEV_TUNDUK_URL })).toThrow(/TUNDUK_SECURITY_SERVER_URL: points at the local stand-in/);
    expect(() => loadTundukConfig({ ...PRODUCTION, TUNDUK_SERVER_JWKS_URL: 'http://ss.portal.kg/jwks' })).toThrow(/https/);
    expect(() => loadTundukConfig({ NODE_ENV: 'production' })).toThrow(/TUNDUK_SECURITY_SERVER_URL/);
  });

  it('names what is wrong', () => {
    expect(() => loadTundukConfig({ TUNDUK_CLIENT_ID: 'portal' })).toThrow(/TUNDUK_CLIENT_ID: must be a subsystem id/);
    expect(() => loadTundukConfig({ TUNDUK_PORTAL_SIGNING_KEY: 'nonsense' })).toThrow(/TUNDUK_PORTAL_SIGNING_KEY: must be a PKCS#8 PEM/);
    expect(() => loadTundukConfig({ TUNDUK_READ_RETRIES: '9' })).toThrow(/TUNDUK_READ_RETRIES: must be a whole number from 0 to 5/);
    expect(() => loadTundukConfig({ TUNDUK_SERVER_JWKS_URL: '' })).toThrow(/answer-signing key is required/);
  });
});
