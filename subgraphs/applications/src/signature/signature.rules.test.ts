import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { canonicalJson, certificatePolicy, sha256Hex, signingKeyProblem, submissionSigningPayload, verifyCompactJws, x5cProblem, type RegisteredSigningKey } from './signature.rules';

async function keyPair() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { jwk: (await exportJWK(publicKey)) as Record<string, unknown>, privateKey };
}
const sign = (payload: string, privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'], alg = 'ES256') =>
  new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg }).sign(privateKey);

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys, drops whitespace and writes numbers the ECMAScript way', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2.5, 1e21], c: 'ы' } })).toBe('{"a":{"c":"ы","d":[1,2.5,1e+21]},"b":1}');
  });

  it('builds the submission payload of the contract from the stored data', () => {
    expect(submissionSigningPayload('app', 'svc', { z: 1, a: 'x' })).toBe('{"applicationId":"app","data":{"a":"x","z":1},"serviceId":"svc"}');
  });

  it('refuses what is not JSON', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it('hashes the UTF-8 bytes', () => {
    expect(sha256Hex('{}')).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
});

describe('verifyCompactJws', () => {
  const payload = submissionSigningPayload('app', 'svc', { fullName: 'Асанова Айгүл' });

  it('accepts an ES256 signature of exactly the payload', async () => {
    const { jwk, privateKey } = await keyPair();
    await expect(verifyCompactJws(await sign(payload, privateKey), jwk, 'k1', payload, 'this application')).resolves.toEqual({ ok: true });
  });

  it('refuses a signature over other data', async () => {
    const { jwk, privateKey } = await keyPair();
    const other = submissionSigningPayload('app', 'svc', { fullName: 'Someone else' });
    await expect(verifyCompactJws(await sign(other, privateKey), jwk, 'k1', payload, 'this application')).resolves.toEqual({
      ok: false,
      problem: 'PAYLOAD_MISMATCH',
      message: 'The signature covers other data than this application.',
    });
  });

  it('refuses a signature made with another key', async () => {
    const registered = await keyPair();
    const other = await keyPair();
    await expect(verifyCompactJws(await sign(payload, other.privateKey), registered.jwk, 'k1', payload, 'x')).resolves.toEqual({
      ok: false,
      problem: 'SIGNATURE',
      message: 'The signature does not verify with signing key k1: sign with the private key of that key pair.',
    });
  });

  it('refuses other algorithms and malformed input', async () => {
    const { jwk } = await keyPair();
    const hs256 = await new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    await expect(verifyCompactJws(hs256, jwk, 'k1', payload, 'x')).resolves.toMatchObject({ ok: false, problem: 'ALGORITHM' });
    await expect(verifyCompactJws('not a jws', jwk, 'k1', payload, 'x')).resolves.toMatchObject({ ok: false, problem: 'MALFORMED' });
    await expect(verifyCompactJws('e30.e30.e30', jwk, 'k1', payload, 'x')).resolves.toMatchObject({ ok: false, problem: 'ALGORITHM' });
    await expect(verifyCompactJws('!!.e30.e30', jwk, 'k1', payload, 'x')).resolves.toMatchObject({ ok: false, problem: 'MALFORMED' });
  });

  it('reports a stored key that cannot verify', async () => {
    const { privateKey } = await keyPair();
    await expect(verifyCompactJws(await sign(payload, privateKey), { kty: 'EC', crv: 'P-256' }, 'k1', payload, 'x')).resolves.toMatchObject({ ok: false, problem: 'KEY' });
  });
});

describe('signingKeyProblem', () => {
  const key: RegisteredSigningKey = { id: 'k1', userId: 'citizen', level: 'SIMPLE', revokedAt: null };

  it('refuses an unknown key', () => {
    expect(signingKeyProblem('k9', null, 'citizen', 'SIMPLE')).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^No signing key k9 is registered/) });
  });

  it("refuses someone else's key with FORBIDDEN", () => {
    expect(signingKeyProblem('k1', key, 'other', 'SIMPLE')).toEqual({ code: 'FORBIDDEN', message: 'Signing key k1 belongs to another account: sign with one of your own keys.' });
  });

  it('refuses a revoked key, saying when', () => {
    expect(signingKeyProblem('k1', { ...key, revokedAt: new Date('2026-03-01T00:00:00Z') }, 'citizen', 'SIMPLE')).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Signing key k1 was revoked on 2026-03-01T00:00:00.000Z; register a new key and sign with it.',
    });
  });

  it('refuses a SIMPLE key where a QUALIFIED signature is required', () => {
    expect(signingKeyProblem('k1', key, 'citizen', 'QUALIFIED')).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^This service requires a qualified electronic signature \(QUALIFIED\), but key k1 is SIMPLE/) });
    expect(signingKeyProblem('k1', { ...key, level: 'QUALIFIED' }, 'citizen', 'QUALIFIED')).toBeNull();
    expect(signingKeyProblem('k1', { ...key, level: 'QUALIFIED' }, 'citizen', 'SIMPLE')).toBeNull();
  });
});

describe('x5cProblem', () => {
  const der = (text: string) => Buffer.from(text).toString('base64');
  const pem = (text: string) => `-----BEGIN CERTIFICATE-----\n${der(text)}\n-----END CERTIFICATE-----\n`;
  const withHeader = (header: Record<string, unknown>) => `${Buffer.from(JSON.stringify({ alg: 'ES256', ...header })).toString('base64url')}.e30.sig`;

  it('accepts a signature without x5c, or whose x5c leaf is the registered certificate', () => {
    expect(x5cProblem(withHeader({}), pem('leaf'), 'k1')).toBeNull();
    expect(x5cProblem(withHeader({ x5c: [der('leaf'), der('ca')] }), pem('leaf'), 'k1')).toBeNull();
  });

  it('refuses an x5c leaf other than the registered certificate, or a malformed x5c', () => {
    expect(x5cProblem(withHeader({ x5c: [der('other')] }), pem('leaf'), 'k1')).toMatch(/not the one registered with signing key k1/);
    expect(x5cProblem(withHeader({ x5c: [der('leaf')] }), null, 'k1')).toMatch(/not the one registered/);
    expect(x5cProblem(withHeader({ x5c: 'leaf' }), pem('leaf'), 'k1')).toMatch(/non-empty array/);
  });
});

describe('certificatePolicy', () => {
  it("refuses a simple key for a result document and checks a qualified one against the provider", () => {
    expect(certificatePolicy({ kind: 'RESULT_DOCUMENT', providerCode: 'MVD' }, 'SIMPLE')).toEqual({ kind: 'REFUSE_SIMPLE_KEY' });
    expect(certificatePolicy({ kind: 'RESULT_DOCUMENT', providerCode: 'MVD' }, 'QUALIFIED')).toEqual({ kind: 'CHECK_CERTIFICATE', providerCode: 'MVD' });
  });

  it("checks the applicant's certificate only where the service requires a qualified signature", () => {
    expect(certificatePolicy({ kind: 'APPLICATION', requiredLevel: 'QUALIFIED' }, 'QUALIFIED')).toEqual({ kind: 'CHECK_CERTIFICATE', providerCode: null });
    expect(certificatePolicy({ kind: 'APPLICATION', requiredLevel: 'SIMPLE' }, 'QUALIFIED')).toEqual({ kind: 'NO_CERTIFICATE_CHECK' });
    expect(certificatePolicy({ kind: 'APPLICATION', requiredLevel: 'SIMPLE' }, 'SIMPLE')).toEqual({ kind: 'NO_CERTIFICATE_CHECK' });
  });
});
