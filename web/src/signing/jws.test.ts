import { compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { canonicalJson } from './canonical-json';
import { base64url, signCompactJws } from './jws';

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys at every depth and drops insignificant whitespace', () => {
    expect(canonicalJson({ serviceId: 's', data: { b: [2, { z: 1, a: 0 }], a: 'x' }, applicationId: 'a' })).toBe(
      '{"applicationId":"a","data":{"a":"x","b":[2,{"a":0,"z":1}]},"serviceId":"s"}',
    );
  });

  it('writes numbers the ECMAScript way and escapes only what JSON requires', () => {
    expect(canonicalJson({ n: 1e21, f: 0.1, i: 10.0, s: 'Өмүр "жол"\n' })).toBe('{"f":0.1,"i":10,"n":1e+21,"s":"Өмүр \\"жол\\"\\n"}');
  });

  it('refuses a value with no JSON form instead of signing nothing', () => {
    expect(() => canonicalJson(undefined)).toThrow('cannot be canonicalized');
  });
});

describe('the browser signature (compact JWS ES256)', () => {
  it('base64url has no padding and the URL alphabet', () => {
    expect(base64url(new Uint8Array([251, 255, 191]))).toBe('-_-_');
    expect(base64url(new Uint8Array([1]))).toBe('AQ');
  });

  it('is a JWS with header {"alg":"ES256"} over the canonical JSON, verifiable with the public JWK alone', async () => {
    const { subtle } = globalThis.crypto;
    const keyPair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const { kty, crv, x, y } = await subtle.exportKey('jwk', keyPair.publicKey);
    const value = { serviceId: 'svc', applicationId: 'app', data: { fullName: 'Айгүл', count: 2 } };

    const jws = await signCompactJws(keyPair.privateKey, value, subtle);

    const parts = jws.split('.');
    expect(parts).toHaveLength(3);
    expect(decodeProtectedHeader(jws)).toEqual({ alg: 'ES256' });
    // r||s of P-256 is 64 bytes = 86 base64url characters
    expect(parts[2]).toHaveLength(86);
    const key = await importJWK({ kty, crv, x, y, alg: 'ES256' }, 'ES256');
    const { payload } = await compactVerify(jws, key, { algorithms: ['ES256'] });
    expect(new TextDecoder().decode(payload)).toBe(canonicalJson(value));
  });

  it('fails verification when the signed data is changed', async () => {
    const { subtle } = globalThis.crypto;
    const keyPair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const jwk = await subtle.exportKey('jwk', keyPair.publicKey);
    const [header, , signature] = (await signCompactJws(keyPair.privateKey, { a: 1 }, subtle)).split('.');
    const tampered = `${header}.${base64url(new TextEncoder().encode(canonicalJson({ a: 2 })))}.${signature}`;
    const key = await importJWK({ ...jwk, alg: 'ES256' }, 'ES256');
    await expect(compactVerify(tampered, key, { algorithms: ['ES256'] })).rejects.toThrow();
  });
});
