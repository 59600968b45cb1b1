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

  describe('authorization-code flow', () => {
    const request = (overrides: Record<string, string> = {}) => ({
      response_type: 'code',
      client_id: standin.clientId,
      redirect_uri: 'http://localhost:5173/cb',
      state: 'state-0123456789abcdef',
      nonce: 'nonce-0123456789abcdef',
      scope: 'openid',
      ...overrides,
    });
    const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    const redeem = (form: Record<string, string>, authorization = basic(standin.clientId, standin.clientSecret)) =>
      fetch(standin.tokenUrl, { method: 'POST', headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });

    it('refuses authorization requests without code, openid, state, nonce, a known client or a proper redirect URI', async () => {
      const bads: Array<Record<string, string>> = [{ response_type: 'token' }, { scope: 'profile' }, { state: '' }, { nonce: 'short' }, { client_id: 'other' }, { redirect_uri: 'cb' }, { redirect_uri: 'http://x/#f' }];
      for (const bad of bads) {
        expect(() => standin.authorize(AIGUL, request(bad))).toThrow();
        const page = await fetch(`${standin.authorizationUrl}?${new URLSearchParams(request(bad))}`);
        expect(page.status).toBe(400);
      }
      const viaTest = await fetch(`${standin.url}/test/authorize`, { method: 'POST', body: JSON.stringify({ ...AIGUL, ...request({ nonce: '' }) }) });
      expect(viaTest.status).toBe(400);
    });

    it('answers /test/authorize with the redirect carrying a one-time code and the state; the token endpoint returns an ID token with the nonce', async () => {
      const answer = await fetch(`${standin.url}/test/authorize`, { method: 'POST', body: JSON.stringify({ ...AIGUL, ...request() }) });
      const { redirect_url, code, state } = (await answer.json()) as { redirect_url: string; code: string; state: string };
      const back = new URL(redirect_url);
      expect(`${back.origin}${back.pathname}`).toBe('http://localhost:5173/cb');
      expect(Object.fromEntries(back.searchParams)).toEqual({ code, state: 'state-0123456789abcdef' });
      expect(state).toBe('state-0123456789abcdef');

      const token = await redeem({ grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:5173/cb' });
      expect(token.status).toBe(200);
      const body = (await token.json()) as { id_token: string; token_type: string };
      expect(body.token_type).toBe('Bearer');
      const jwks = (await (await fetch(standin.jwksUrl)).json()) as { keys: [] };
      const { payload } = await jwtVerify(body.id_token, createLocalJWKSet(jwks), { issuer: standin.issuer, audience: standin.clientId });
      expect(payload).toMatchObject({ pin: AIGUL.pin, nonce: 'nonce-0123456789abcdef', jti: expect.any(String) });

      // one-time
      const again = await redeem({ grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:5173/cb' });
      expect(again.status).toBe(400);
      expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
    });

    it('refuses the token request of an unauthenticated client, another redirect URI, or an expired code', async () => {
      const { code } = standin.authorize(AIGUL, request());
      expect((await redeem({ grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:5173/cb' }, basic(standin.clientId, 'wrong'))).status).toBe(401);
      expect((await redeem({ grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:5173/cb' }, ''))).toMatchObject({ status: 401 });
      // the failed client authentication did not spend the code; a wrong redirect URI does
      const wrongRedirect = await redeem({ grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:5173/other' });
      expect(await wrongRedirect.json()).toMatchObject({ error: 'invalid_grant' });

      const shortLived = await startNationalIdStandin({ port: 0, codeLifetimeSeconds: -1 });
      try {
        const expired = shortLived.authorize(AIGUL, { ...request(), client_id: shortLived.clientId });
        const answer = await fetch(shortLived.tokenUrl, {
          method: 'POST',
          headers: { authorization: basic(shortLived.clientId, shortLived.clientSecret) },
          body: new URLSearchParams({ grant_type: 'authorization_code', code: expired.code, redirect_uri: 'http://localhost:5173/cb' }),
        });
        expect(await answer.json()).toMatchObject({ error: 'invalid_grant' });
      } finally {
        await shortLived.close();
      }
    });

    it('authenticates the client in the body when configured for client_secret_post', async () => {
      const post = await startNationalIdStandin({ port: 0, tokenEndpointAuthMethod: 'client_secret_post', clientSecret: 's3cret' });
      try {
        const { code } = post.authorize(AIGUL, request());
        const form = { grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:5173/cb', client_id: post.clientId, client_secret: 's3cret' };
        const answer = await fetch(post.tokenUrl, { method: 'POST', body: new URLSearchParams(form) });
        expect(answer.status).toBe(200);
        const configuration = (await (await fetch(`${post.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
        expect(configuration).toMatchObject({ token_endpoint: post.tokenUrl, authorization_endpoint: post.authorizationUrl, token_endpoint_auth_methods_supported: ['client_secret_post'] });
      } finally {
        await post.close();
      }
    });
  });
});
