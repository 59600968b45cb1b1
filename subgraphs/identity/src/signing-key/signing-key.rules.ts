/**
 * Rules for registering signing keys: which public keys are accepted for simple electronic
 * signatures (ES256: EC keys on the P-256 curve) and who may see or revoke them. Pure: no GraphQL,
 * no ORM, no I/O.
 */
import { createPublicKey } from 'node:crypto';
import type { RoleCode } from '@portal/kit';

export type SignatureLevelCode = 'SIMPLE' | 'QUALIFIED';

/** The only shape stored: the public EC point, nothing else from the submitted JWK. */
export interface PublicEcJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export type JwkCheck = { ok: true; jwk: PublicEcJwk } | { ok: false; message: string };

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const P256_COORDINATE_BYTES = 32;

/** Accepts a public ES256 key as a JWK; explains precisely what is wrong otherwise. */
export function checkPublicSigningJwk(value: unknown): JwkCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'publicKeyJwk must be a JSON Web Key object, e.g. {"kty":"EC","crv":"P-256","x":"…","y":"…"}.' };
  }
  const jwk = value as Record<string, unknown>;
  const privateMembers = PRIVATE_MEMBERS.filter((member) => member in jwk);
  if (privateMembers.length > 0) {
    return {
      ok: false,
      message: `publicKeyJwk contains private key material (${privateMembers.map((m) => `"${m}"`).join(', ')}). Send only the public key; never send a private key to anyone, the portal included.`,
    };
  }
  if (jwk.kty === 'RSA') return { ok: false, message: 'RSA keys are not accepted: signatures use ES256, an EC key on the P-256 curve (kty "EC", crv "P-256").' };
  if (jwk.kty !== 'EC') return { ok: false, message: `Key type ${JSON.stringify(jwk.kty ?? null)} is not accepted: use an EC key on the P-256 curve (kty "EC", crv "P-256").` };
  if (jwk.crv !== 'P-256') return { ok: false, message: `Curve ${JSON.stringify(jwk.crv ?? null)} is not accepted: use P-256 (ES256).` };
  for (const coordinate of ['x', 'y'] as const) {
    const encoded = jwk[coordinate];
    if (typeof encoded !== 'string' || !BASE64URL.test(encoded) || Buffer.from(encoded, 'base64url').length !== P256_COORDINATE_BYTES) {
      return { ok: false, message: `publicKeyJwk.${coordinate} must be the ${P256_COORDINATE_BYTES}-byte P-256 coordinate in base64url.` };
    }
  }
  if (jwk.alg !== undefined && jwk.alg !== 'ES256') return { ok: false, message: `publicKeyJwk.alg is ${JSON.stringify(jwk.alg)}; signing keys are ES256.` };
  if (jwk.use !== undefined && jwk.use !== 'sig') return { ok: false, message: `publicKeyJwk.use is ${JSON.stringify(jwk.use)}; a signing key has use "sig".` };
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.every((op) => op === 'verify'))) {
    return { ok: false, message: 'publicKeyJwk.key_ops of a public signing key may only contain "verify".' };
  }
  const publicJwk: PublicEcJwk = { kty: 'EC', crv: 'P-256', x: jwk.x as string, y: jwk.y as string };
  try {
    createPublicKey({ key: { ...publicJwk }, format: 'jwk' });
  } catch {
    return { ok: false, message: 'publicKeyJwk is not a point on the P-256 curve.' };
  }
  return { ok: true, jwk: publicJwk };
}

/** The owner may always manage their keys; an operator may revoke one (a compromised key, a blocked account). */
export function canRevokeSigningKey(caller: { userId: string | null; roles: readonly RoleCode[] }, key: { userId: string }): boolean {
  return caller.userId === key.userId || caller.roles.includes('OPERATOR');
}
