import { SignJWT, createLocalJWKSet, decodeProtectedHeader, errors, generateKeyPair } from 'jose';
import { generateSigningKey } from '../config';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, AccessTokenIssuer, verifyAccessToken } from './access-token';

describe('access tokens', () => {
  const issuer = new AccessTokenIssuer(generateSigningKey(), 600);
  const keys = createLocalJWKSet(issuer.jwks());
  const claims = { sub: 'a5d1e7c2-3b1f-4c8e-9d70-000000000201', roles: ['PROVIDER_OFFICER' as const], pid: 'provider-1', lang: 'RU' as const, sid: 'session-1' };

  it('publish only the public key in the JWKS', () => {
    const [key] = issuer.jwks().keys;
    expect(key).toEqual({ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: issuer.kid, alg: 'ES256', use: 'sig' });
    expect(key).not.toHaveProperty('d');
  });

  it('carry exactly the claims the gateway relies on, signed ES256 with the kid', async () => {
    const now = new Date();
    const { token, expiresAt } = await issuer.issue(claims, now);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: issuer.kid });
    const verified = await verifyAccessToken(token, keys);
    expect(verified).toEqual({ ...claims, exp: Math.floor(now.getTime() / 1000) + 600 });
    expect(expiresAt.getTime()).toBe(verified.exp * 1000);
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ iss: ACCESS_TOKEN_ISSUER, aud: ACCESS_TOKEN_AUDIENCE, sub: claims.sub, roles: claims.roles, pid: 'provider-1', lang: 'RU', sid: 'session-1' });
  });

  it('are refused when expired', async () => {
    const { token } = await issuer.issue(claims, new Date(Date.now() - 601_000));
    await expect(verifyAccessToken(token, keys)).rejects.toBeInstanceOf(errors.JWTExpired);
  });

  it('are refused when signed by another key, even with the right kid', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ roles: ['OPERATOR'], pid: null, lang: 'KY', sid: 's' })
      .setProtectedHeader({ alg: 'ES256', kid: issuer.kid })
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setSubject(claims.sub)
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(verifyAccessToken(forged, keys)).rejects.toBeInstanceOf(errors.JWSSignatureVerificationFailed);
  });
});
