import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nationalIdSubjectForPin, startNationalIdStandin, type NationalIdStandin } from './national-id';

const AIGUL = { pin: '11505199012345', name: 'Aigul Asanova', birthdate: '1990-05-15', address: 'Bishkek' };

describe('national identification stand-in', () => {
  let standin: NationalIdStandin;
  beforeAll(async () => {
    standin = await startNationalIdStandin({ port: 0 });
  });
  afterAll(() => standin.close());

  it('publishes an OpenID configuration and a JWKS with the public key only', async () => {
    const configuration = (await (await fetch(`${standin.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(configuration).toMatchObject({ issuer: standin.issuer, jwks_uri: standin.jwksUrl, id_token_signing_alg_values_supported: ['ES256'] });
    const jwks = (await (await fetch(standin.jwksUrl)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('issues ES256 ID tokens verifiable against its JWKS, with a stable subject per PIN', async () => {
    const jwks = (await (await fetch(standin.jwksUrl)).json()) as { keys: [] };
    const token = await standin.issueIdToken(AIGUL);
    expect(decodeProtectedHeader(token).alg).toBe('ES256');
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer: standin.issuer, audience: standin.clientId });
    expect(payload).toMatchObject({ sub: nationalIdSubjectForPin(AIGUL.pin), pin: AIGUL.pin, name: AIGUL.name, birthdate: '1990-05-15' });
  });

  it('issues expired tokens and tokens for another audience on request', async () => {
    const jwks = (await (await fetch(standin.jwksUrl)).json()) as { keys: [] };
    const expired = await standin.issueIdToken(AIGUL, { expiresInSeconds: -120 });
    await expect(jwtVerify(expired, createLocalJWKSet(jwks))).rejects.toThrow(/exp/);
    const foreign = await standin.issueIdToken(AIGUL, { audience: 'another-portal' });
    await expect(jwtVerify(foreign, createLocalJWKSet(jwks), { audience: standin.clientId })).rejects.toThrow(/aud/);
  });

  it('signs a token for a JSON person posted to /test/id-token and refuses malformed bodies', async () => {
    const bad = await fetch(`${standin.url}/test/id-token`, { method: 'POST', body: '{"name": 1}' });
    expect(bad.status).toBe(400);
    const good = await fetch(`${standin.url}/test/id-token`, { method: 'POST', body: JSON.stringify(AIGUL) });
    const { id_token } = (await good.json()) as { id_token: string };
    const jwks = (await (await fetch(standin.jwksUrl)).json()) as { keys: [] };
    await expect(jwtVerify(id_token, createLocalJWKSet(jwks), { issuer: standin.issuer })).resolves.toBeDefined();
  });

  it('keeps its signing key in the key file across restarts', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'national-id-'));
    try {
      const keyFile = path.join(dir, 'key.json');
      const first = await startNationalIdStandin({ port: 0, keyFile, issuer: 'https://id.example.kg' });
      const token = await first.issueIdToken(AIGUL);
      await first.close();
      const second = await startNationalIdStandin({ port: 0, keyFile, issuer: 'https://id.example.kg' });
      const jwks = (await (await fetch(second.jwksUrl)).json()) as { keys: [] };
      await second.close();
      await expect(jwtVerify(token, createLocalJWKSet(jwks), { issuer: 'https://id.example.kg' })).resolves.toBeDefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
