import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { deliverToEdms, endpointUrlProblem } from './client';
import { checkPublicJwk } from './keys';
import { canonicalJson, EDMS_PROTOCOL, parseStatusUpdate, signMessage, UPDATE_JWS_TYPE, verifyMessage } from './protocol';

const DELIVERY = '3b0c8f0e-8d55-4c55-9d43-8f3b8d2a0001';
const APPLICATION = '3b0c8f0e-8d55-4c55-9d43-8f3b8d2a0002';

describe('public keys of an EDMS', () => {
  it('refuses a private key, naming the private member', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const check = checkPublicJwk(await exportJWK(privateKey));
    expect(check).toEqual({ ok: false, problem: expect.stringContaining('private key material ("d")') });
  });

  it('refuses other curves, short RSA keys and points off the curve', async () => {
    expect(checkPublicJwk({ kty: 'EC', crv: 'P-384', x: 'a', y: 'b' })).toMatchObject({ ok: false, problem: expect.stringContaining('P-256') });
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    expect(checkPublicJwk(short)).toMatchObject({ ok: false, problem: expect.stringContaining('at least 2048') });
    expect(checkPublicJwk({ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' })).toMatchObject({ ok: false, problem: expect.stringContaining('not a valid EC public key') });
    expect(checkPublicJwk('{"kty":"EC"}')).toMatchObject({ ok: false });
  });

  it('accepts EC P-256, RSA and Ed25519 public keys with their algorithms', async () => {
    for (const [alg, expected] of [['ES256', 'ES256'], ['RS256', 'RS256'], ['EdDSA', 'EdDSA']] as const) {
      const { publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
      expect(checkPublicJwk(await exportJWK(publicKey))).toMatchObject({ ok: true, algorithm: expected });
    }
  });
});

describe('signed updates', () => {
  const update = { protocol: EDMS_PROTOCOL, updateId: 'upd-00000001', deliveryId: DELIVERY, applicationId: APPLICATION, sequence: 1, issuedAt: new Date().toISOString(), kind: 'ACCEPTED' };

  it('verify with the signer key only, and only with the expected typ', async () => {
    const signer = await generateKeyPair('ES256', { extractable: true });
    const other = await generateKeyPair('ES256', { extractable: true });
    const jws = await signMessage(update, signer.privateKey, { alg: 'ES256', typ: UPDATE_JWS_TYPE });
    await expect(verifyMessage(jws, await exportJWK(signer.publicKey), UPDATE_JWS_TYPE)).resolves.toMatchObject({ ok: true, payload: update });
    await expect(verifyMessage(jws, await exportJWK(other.publicKey), UPDATE_JWS_TYPE)).resolves.toMatchObject({ ok: false, problem: 'SIGNATURE' });
    await expect(verifyMessage(jws, await exportJWK(signer.publicKey), 'other+jws')).resolves.toMatchObject({ ok: false, problem: 'TYPE' });
    await expect(verifyMessage('not a jws', await exportJWK(signer.publicKey), UPDATE_JWS_TYPE)).resolves.toMatchObject({ ok: false, problem: 'MALFORMED' });
  });

  it('refuses an RSA-signed update when the configured key is EC', async () => {
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const ec = await generateKeyPair('ES256', { extractable: true });
    const jws = await signMessage(update, rsa.privateKey, { alg: 'RS256', typ: UPDATE_JWS_TYPE });
    await expect(verifyMessage(jws, await exportJWK(ec.publicKey), UPDATE_JWS_TYPE)).resolves.toMatchObject({ ok: false, problem: 'ALGORITHM' });
  });

  it('are read with a clear problem for each missing part', () => {
    expect(parseStatusUpdate(update)).toMatchObject({ ok: true });
    expect(parseStatusUpdate({ ...update, kind: 'REJECTED' })).toMatchObject({ ok: false, problem: expect.stringContaining('reason') });
    expect(parseStatusUpdate({ ...update, kind: 'DECIDED', decision: 'APPROVED' })).toMatchObject({ ok: false, problem: expect.stringContaining('result') });
    expect(parseStatusUpdate({ ...update, kind: 'DECIDED', decision: 'REFUSED' })).toMatchObject({ ok: false, problem: expect.stringContaining('reason') });
    expect(parseStatusUpdate({ ...update, sequence: 0 })).toMatchObject({ ok: false, problem: expect.stringContaining('sequence') });
    expect(parseStatusUpdate({ ...update, deliveryId: 'x' })).toMatchObject({ ok: false, problem: expect.stringContaining('deliveryId') });
  });

  it('signs canonical JSON, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });
});

describe('endpoint URLs', () => {
  it('need https, except loopback http outside production', () => {
    expect(endpointUrlProblem('https://edms.sts.kg/in', { production: true })).toBeNull();
    expect(endpointUrlProblem('http://127.0.0.1:4111/deliveries', { production: false })).toBeNull();
    expect(endpointUrlProblem('http://127.0.0.1:4111/deliveries', { production: true })).toContain('https in production');
    expect(endpointUrlProblem('http://edms.sts.kg/in', { production: false })).toContain('loopback');
    expect(endpointUrlProblem('ftp://edms.sts.kg/in', { production: false })).toContain('https');
    expect(endpointUrlProblem('https://user:pw@edms.sts.kg/in', { production: false })).toContain('password');
    expect(endpointUrlProblem('edms', { production: false })).toContain('absolute URL');
  });
});

describe('delivery over HTTP', () => {
  let server: Server;
  let url = '';
  let answer: (res: import('node:http').ServerResponse) => void = () => undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => answer(res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/deliveries`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const deliver = () => deliverToEdms({ endpointUrl: url, deliveryId: DELIVERY, jws: 'a.b.c', timeoutMs: 300 });

  it('is acknowledged only by an answer naming the same delivery id', async () => {
    answer = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ deliveryId: DELIVERY }));
    await expect(deliver()).resolves.toEqual({ kind: 'ACKNOWLEDGED', httpStatus: 200 });
    answer = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ deliveryId: APPLICATION }));
    await expect(deliver()).resolves.toMatchObject({ kind: 'UNACKNOWLEDGED', reason: expect.stringContaining(`not ${DELIVERY}`) });
  });

  it('fails, to be retried, on a 500 or a timeout', async () => {
    answer = (res) => res.writeHead(500).end('boom');
    await expect(deliver()).resolves.toMatchObject({ kind: 'FAILED', httpStatus: 500, reason: expect.stringContaining('HTTP 500') });
    answer = () => undefined; // never answers
    await expect(deliver()).resolves.toMatchObject({ kind: 'FAILED', httpStatus: null, reason: expect.stringContaining('did not answer within 300 ms') });
  });
});
