import { generateKeyPairSync } from 'node:crypto';
import { canRevokeSigningKey, checkPublicSigningJwk } from './signing-key.rules';

const publicJwk = (curve: string) => generateKeyPairSync('ec', { namedCurve: curve }).publicKey.export({ format: 'jwk' });

describe('simple signature keys', () => {
  it('accept a public P-256 EC key and keep only kty, crv, x and y', () => {
    const jwk = { ...publicJwk('P-256'), alg: 'ES256', use: 'sig', kid: 'my-key', key_ops: ['verify'], ext: true };
    const check = checkPublicSigningJwk(jwk);
    expect(check).toEqual({ ok: true, jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } });
  });

  it.each([
    ['an RSA key', () => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }), /RSA keys are not accepted/],
    ['a P-384 key', () => publicJwk('P-384'), /Curve "P-384" is not accepted/],
    ['an Ed25519 key', () => generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }), /Key type "OKP" is not accepted/],
    ['a private key', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), /private key material \("d"\)/],
    ['a short coordinate', () => ({ ...publicJwk('P-256'), x: 'AAAA' }), /x must be the 32-byte/],
    ['a point off the curve', () => ({ ...publicJwk('P-256'), y: Buffer.alloc(32, 7).toString('base64url') }), /not a point on the P-256 curve/],
    ['another algorithm', () => ({ ...publicJwk('P-256'), alg: 'ES384' }), /alg is "ES384"/],
    ['an encryption key', () => ({ ...publicJwk('P-256'), use: 'enc' }), /use "sig"/],
    ['not an object', () => 'eyJrdHkiOiJFQyJ9', /must be a JSON Web Key object/],
  ])('refuse %s', (_what, make, message) => {
    const check = checkPublicSigningJwk(make());
    expect(check.ok).toBe(false);
    expect(!check.ok && check.message).toMatch(message);
  });

  it('may be revoked by their owner or an operator only', () => {
    expect(canRevokeSigningKey({ userId: 'u1', roles: ['CITIZEN'] }, { userId: 'u1' })).toBe(true);
    expect(canRevokeSigningKey({ userId: 'op', roles: ['OPERATOR'] }, { userId: 'u1' })).toBe(true);
    expect(canRevokeSigningKey({ userId: 'u2', roles: ['CITIZEN'] }, { userId: 'u1' })).toBe(false);
    expect(canRevokeSigningKey({ userId: 'o1', roles: ['PROVIDER_OFFICER'] }, { userId: 'u1' })).toBe(false);
  });
});
