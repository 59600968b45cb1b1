/**
 * Keys and detached JWS (RFC 7515 appendix F): the signature travels apart from the bytes it covers,
 * written `header..signature`. The security server signs its answers this way; the portal signs its
 * message-log entries this way.
 */
import { createHash, createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { CompactSign, compactVerify, type JWTHeaderParameters } from 'jose';

export interface PortalSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** RFC 7638 thumbprint of the public key. */
  kid: string;
  alg: 'ES256';
}

/**
 * The portal's message-log signing key from a PKCS#8 PEM or a private EC P-256 JWK (JSON text or
 * object); `\n` escapes in a PEM from an env var are accepted.
 */
export function parsePortalSigningKey(key: string | JsonWebKey): PortalSigningKey {
  let privateKey: KeyObject;
  if (typeof key === 'string' && key.includes('-----BEGIN')) {
    privateKey = createPrivateKey({ key: key.replace(/\\n/g, '\n'), format: 'pem' });
  } else {
    let jwk: JsonWebKey;
    if (typeof key === 'string') {
      try {
        jwk = JSON.parse(key) as JsonWebKey;
      } catch {
        throw new Error('must be a PKCS#8 PEM private key or a private EC P-256 JWK as JSON');
      }
    } else jwk = key;
    if (typeof jwk.d !== 'string') throw new Error('must be a private key (a JWK with "d"), not a public one');
    privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  }
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('must be an EC P-256 key (ES256)');
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, kid: jwkThumbprint(publicKey.export({ format: 'jwk' })), alg: 'ES256' };
}

export function jwkThumbprint(jwk: JsonWebKey): string {
  return createHash('sha256').update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })).digest('base64url');
}

/** A detached compact JWS (`header..signature`) over `payload`. */
export async function signDetached(payload: Uint8Array | string, key: KeyObject, header: JWTHeaderParameters): Promise<string> {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  const jws = await new CompactSign(bytes).setProtectedHeader(header).sign(key);
  const [protectedHeader, , signature] = jws.split('.');
  return `${protectedHeader}..${signature}`;
}

/**
 * Verifies a detached compact JWS over `payload`; returns its protected header, or throws when the
 * signature is malformed, made with another key or over other bytes.
 */
export async function verifyDetached(
  detached: string,
  payload: Uint8Array | string,
  key: KeyObject | Parameters<typeof compactVerify>[1],
  algorithms: string[],
): Promise<JWTHeaderParameters> {
  const parts = detached.split('.');
  if (parts.length !== 3 || parts[1] !== '') throw new Error('not a detached compact JWS (header..signature)');
  const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  const jws = `${parts[0]}.${bytes.toString('base64url')}.${parts[2]}`;
  const { protectedHeader } = await compactVerify(jws, key as Parameters<typeof compactVerify>[1], { algorithms });
  return protectedHeader as JWTHeaderParameters;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The development key of the portal's message-log signatures (TUNDUK_PORTAL_SIGNING_KEY defaults to
 * it outside production; production refuses it). Public in this repository, so worthless as proof.
 */
export const DEV_TUNDUK_PORTAL_SIGNING_KEY = JSON.stringify({
  kty: 'EC',
  crv: 'P-256',
  x: 'P87jAOjGvmjHcKs3kHk7aKjshXmNnzXYZ4mX_QIgz8c',
  y: 'xRHhmTlokrHgNqtXZP0Yrkf78_lgQf-UHycG14wsQ6o',
  d: '_guKDjl-WeiPJdh4PhkSH4oa5O6AvhiT3_8Hxs3e1y8',
});
