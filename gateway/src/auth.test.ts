import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, authenticate, callerFromRequest, jwksAccessTokenVerifier } from './auth';

describe('access-token verification at the gateway', () => {
  let key: CryptoKey;
  let verifier: ReturnType<typeof jwksAccessTokenVerifier>;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    key = pair.privateKey;
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }] });
    verifier = jwksAccessTokenVerifier(jwks, { maxLifetimeSeconds: 900 });
  });

  const token = (claims: { iat?: number | null; exp?: number | null }) => {
    let jwt = new SignJWT({ roles: ['CITIZEN'] }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(ACCESS_TOKEN_ISSUER).setAudience(ACCESS_TOKEN_AUDIENCE).setSubject('user-1');
    if (claims.iat !== null) jwt = jwt.setIssuedAt(claims.iat ?? now());
    if (claims.exp !== null) jwt = jwt.setExpirationTime(claims.exp ?? now() + 600);
    return jwt.sign(key);
  };

  it.each([
    ['a lifetime above the maximum', { iat: now(), exp: now() + 901 }, /lives 901 s, longer than the 900 s/],
    ['no exp', { exp: null }, /no expiry or issue time/],
    ['no iat', { iat: null }, /no expiry or issue time/],
    ['an iat in the future', { iat: now() + 3600, exp: now() + 3600 + 600 }, /issued in the future/],
  ])('refuses a token with %s, UNAUTHENTICATED', async (_what, claims, message) => {
    const refusal = authenticate(verifier, await token(claims));
    await expect(refusal).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    await expect(authenticate(verifier, await token(claims))).rejects.toThrow(message);
  });

  it('accepts a token of exactly the maximum lifetime and of identity\'s 600 s', async () => {
    await expect(authenticate(verifier, await token({ iat: now(), exp: now() + 900 }))).resolves.toMatchObject({ identity: { userId: 'user-1', roles: ['CITIZEN'] } });
    await expect(authenticate(verifier, await token({}))).resolves.toMatchObject({ identity: { userId: 'user-1' } });
  });

  it("passes the client's User-Agent on, cleaned and cut, for identity's list of sessions", async () => {
    const caller = await callerFromRequest(verifier, { authorization: `Bearer ${await token({})}`, acceptLanguage: undefined, ip: '203.0.113.5', userAgent: `Firefox/128\r\n${'x'.repeat(300)}` });
    expect(caller).toMatchObject({ userId: 'user-1', ip: '203.0.113.5' });
    expect(caller.userAgent).toBe(`Firefox/128${'x'.repeat(200 - 'Firefox/128'.length)}`);
    const anonymous = await callerFromRequest(verifier, { authorization: undefined, acceptLanguage: undefined, ip: null, userAgent: 'curl/8.5' });
    expect(anonymous.userAgent).toBe('curl/8.5');
  });

  it('checks the signature of a token once until it expires, never keeps a refusal, and checks the session every time', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const local = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k2', alg: 'ES256' }] });
    let keyLookups = 0;
    const counting = jwksAccessTokenVerifier((header, jws) => {
      keyLookups += 1;
      return local(header, jws);
    });
    const sign = (exp: number) =>
      new SignJWT({ roles: ['CITIZEN'] }).setProtectedHeader({ alg: 'ES256', kid: 'k2' }).setIssuer(ACCESS_TOKEN_ISSUER).setAudience(ACCESS_TOKEN_AUDIENCE).setSubject('user-2').setIssuedAt(now()).setExpirationTime(exp).sign(pair.privateKey);
    const good = await sign(now() + 600);
    await counting.verify(good);
    const again = await counting.verify(good);
    expect(again).toMatchObject({ userId: 'user-2', roles: ['CITIZEN'] });
    expect(keyLookups).toBe(1);
    // a forged copy (another signature) is checked, and refused, each time
    const forged = `${good.slice(0, good.lastIndexOf('.') + 1)}${'A'.repeat(86)}`;
    await expect(counting.verify(forged)).rejects.toThrow();
    await expect(counting.verify(forged)).rejects.toThrow();
    expect(keyLookups).toBe(3);
    // the session check is the caller's, on every request, cached token or not
    let revoked = false;
    const check = () => (revoked ? 'The session has ended; sign in again.' : null);
    await expect(authenticate(counting, good, check)).resolves.toMatchObject({ identity: { userId: 'user-2' } });
    revoked = true;
    await expect(authenticate(counting, good, check)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    // past its expiry a kept token is checked again, and refused as expired
    const shortLived = await sign(now() + 2);
    await counting.verify(shortLived);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await expect(authenticate(counting, shortLived)).rejects.toThrow(/expired/);
  });
});
