import { generateKeyPairSync } from 'node:crypto';
import { APPLICATIONS_DEV_SECRETS, loadApplicationsConfig } from './config';
import { createApplicationsSubgraph, DEVELOPMENT_SETTINGS } from './subgraph';

const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db/portal',
  INTERNAL_SECRET: 'a-real-secret-from-the-vault',
  DOCUMENT_LINK_SECRET: 'a-real-document-link-secret',
  TRUSTED_ROOT_CA_PEM: '-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----',
  CA_CRL_URL: 'https://ca.example.kg/crl',
  TUNDUK_SECURITY_SERVER_URL: 'https://ss.tunduk.example.kg',
  TUNDUK_CLIENT_ID: 'KG/GOV/70000001/portal',
  TUNDUK_SERVER_JWKS_URL: 'https://ss.tunduk.example.kg/jwks',
  TUNDUK_PORTAL_SIGNING_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  EDMS_SIGNING_KEY_JWK: '{"kty":"EC","x":"bE1Cl9rUBGxRp2x7LTOZStiJ6eElTZj5c1g39CezPDQ","y":"904NkB4PsWXoPykVXJNbxwhQP4ZwB-aD723IC0XOspA","crv":"P-256","d":"Spu1FQsXF0iSLfcJdjTBQV8v_MEcL4ujGHBag2A5Npc"}',
};

describe('applications configuration of qualified signatures', () => {
  it('production refuses a missing trusted root or CRL, and the local stand-in', () => {
    const { TRUSTED_ROOT_CA_PEM: _root, CA_CRL_URL: _crl, ...withoutThem } = production;
    expect(() => loadApplicationsConfig(withoutThem)).toThrow(/TRUSTED_ROOT_CA_PEM[\s\S]*CA_CRL_URL/);
    expect(() => loadApplicationsConfig({ ...production, CA_CRL_URL: 'http://127.0.0.1:4102/crl' })).toThrow(/CA_CRL_URL: points at the local stand-in/);
  });

  it('refuses unusable CRL settings and a root that is not PEM when the subgraph is built', () => {
    expect(() => createApplicationsSubgraph({ ...DEVELOPMENT_SETTINGS, CA_CRL_MAX_AGE_SECONDS: 'soon' })).toThrow(/CA_CRL_MAX_AGE_SECONDS/);
    expect(() => createApplicationsSubgraph({ ...DEVELOPMENT_SETTINGS, TRUSTED_ROOT_CA_PEM: 'not a certificate' })).toThrow(/TRUSTED_ROOT_CA_PEM/);
  });

  it('production accepts real values; development defaults to the local stand-in', () => {
    expect(loadApplicationsConfig(production).CA_CRL_URL).toBe('https://ca.example.kg/crl');
    expect(loadApplicationsConfig({ DATABASE_URL: 'postgres://db/portal' }).CA_CRL_URL).toBe('http://127.0.0.1:4102/crl');
  });
});

describe('applications configuration of document links', () => {
  it('refuses to start in production with the development document link secret, or without one', () => {
    const { DOCUMENT_LINK_SECRET: _secret, ...withoutSecret } = production;
    expect(() => loadApplicationsConfig({ ...production, DOCUMENT_LINK_SECRET: APPLICATIONS_DEV_SECRETS.DOCUMENT_LINK_SECRET })).toThrow(/DOCUMENT_LINK_SECRET/);
    expect(() => loadApplicationsConfig(withoutSecret)).toThrow(/DOCUMENT_LINK_SECRET/);
    expect(loadApplicationsConfig(production).DOCUMENT_LINK_SECRET).toBe('a-real-document-link-secret');
  });

  it('has a development default', () => {
    expect(loadApplicationsConfig({ DATABASE_URL: 'postgres://db/portal' }).DOCUMENT_LINK_SECRET).toBe(APPLICATIONS_DEV_SECRETS.DOCUMENT_LINK_SECRET);
  });
});

describe('applications configuration of files', () => {
  const env = { DATABASE_URL: 'postgres://db/portal' };

  it('defaults to the gateway on localhost, 10 MiB, PDF/JPEG/PNG, kept in PostgreSQL', () => {
    const config = loadApplicationsConfig(env);
    expect([config.PUBLIC_GATEWAY_URL, config.ATTACHMENT_MAX_BYTES, config.ATTACHMENT_ALLOWED_TYPES, config.ATTACHMENT_STORE]).toEqual(['http://127.0.0.1:4000', 10485760, 'application/pdf,image/jpeg,image/png', 'postgres']);
  });

  it('refuses no accepted type, a size below 1, an unknown store, and S3 without a bucket', () => {
    expect(() => loadApplicationsConfig({ ...env, ATTACHMENT_ALLOWED_TYPES: 'pdf' })).toThrow(/ATTACHMENT_ALLOWED_TYPES: list at least one MIME type/);
    expect(() => loadApplicationsConfig({ ...env, ATTACHMENT_MAX_BYTES: '0' })).toThrow(/ATTACHMENT_MAX_BYTES/);
    expect(() => loadApplicationsConfig({ ...env, ATTACHMENT_STORE: 'ftp' })).toThrow(/ATTACHMENT_STORE/);
    expect(() => loadApplicationsConfig({ ...env, ATTACHMENT_STORE: 's3' })).toThrow(/ATTACHMENT_S3_BUCKET: name the bucket/);
    expect(loadApplicationsConfig({ ...env, ATTACHMENT_STORE: 's3', ATTACHMENT_S3_BUCKET: 'files' }).ATTACHMENT_STORE).toBe('s3');
  });
});

describe('applications configuration of the registries', () => {
  it('production refuses the Tunduk stand-in and the development log-signing key', () => {
    expect(() => loadApplicationsConfig({ ...production, TUNDUK_SECURITY_SERVER_URL: 'http://127.0.0.1:4103' })).toThrow(/TUNDUK_SECURITY_SERVER_URL/);
    const { TUNDUK_PORTAL_SIGNING_KEY: _key, ...withoutKey } = production;
    expect(() => loadApplicationsConfig(withoutKey)).toThrow(/TUNDUK_PORTAL_SIGNING_KEY/);
  });

  it('refuses fetch settings that are not whole numbers in range', () => {
    expect(() => loadApplicationsConfig({ DATABASE_URL: 'postgres://db/portal', REGISTRY_FETCH_RETRY_INITIAL_MS: '0' })).toThrow(/REGISTRY_FETCH_RETRY_INITIAL_MS/);
    expect(() => loadApplicationsConfig({ DATABASE_URL: 'postgres://db/portal', REGISTRY_FETCH_MAX_FORGED_ATTEMPTS: '1.5' })).toThrow(/REGISTRY_FETCH_MAX_FORGED_ATTEMPTS/);
  });

  it('development defaults to the local stand-in', () => {
    const config = loadApplicationsConfig({ DATABASE_URL: 'postgres://db/portal' });
    expect(config.tunduk.securityServerUrl).toBe('http://127.0.0.1:4103');
    expect(config.REGISTRY_FETCH_RETRY_INITIAL_MS).toBe(2000);
  });
});

describe('applications configuration of EDMS deliveries', () => {
  it('production refuses the development signing key, or none', () => {
    const { EDMS_SIGNING_KEY_JWK: _key, ...withoutKey } = production;
    expect(() => loadApplicationsConfig(withoutKey)).toThrow(/EDMS_SIGNING_KEY_JWK/);
    expect(() => loadApplicationsConfig({ ...production, EDMS_SIGNING_KEY_JWK: APPLICATIONS_DEV_SECRETS.EDMS_SIGNING_KEY_JWK })).toThrow(/EDMS_SIGNING_KEY_JWK/);
    expect(loadApplicationsConfig(production).EDMS_SIGNING_KEY_JWK).toBe(production.EDMS_SIGNING_KEY_JWK);
  });

  it('refuses a key that is not a private EC P-256 JWK, and non-positive timings', () => {
    const dev = { DATABASE_URL: 'postgres://db/portal' };
    expect(() => loadApplicationsConfig({ ...dev, EDMS_SIGNING_KEY_JWK: '{"kty":"EC","crv":"P-256","x":"a","y":"b"}' })).toThrow(/EDMS_SIGNING_KEY_JWK: must be a private EC P-256 JWK/);
    expect(() => loadApplicationsConfig({ ...dev, EDMS_SIGNING_KEY_JWK: 'not json' })).toThrow(/EDMS_SIGNING_KEY_JWK/);
    expect(() => loadApplicationsConfig({ ...dev, EDMS_DELIVERY_TIMEOUT_MS: '0' })).toThrow(/EDMS_DELIVERY_TIMEOUT_MS: must be a positive number/);
    expect(loadApplicationsConfig(dev).EDMS_ACK_OVERDUE_SECONDS).toBe(3600);
  });
});
