/**
 * Keys of the EDMS protocol: the portal signs deliveries with its EC P-256 key (ES256); a
 * provider's EDMS signs its updates with the key the operator configured for it, EC P-256 (ES256),
 * RSA (RS256, at least 2048 bits) or Ed25519 (EdDSA). Only public keys are ever configured or published.
 */
import { createPublicKey } from 'node:crypto';

export type EdmsAlgorithm = 'ES256' | 'RS256' | 'EdDSA';

/** A public JWK as the catalogue keeps it (members other than the key's own are dropped). */
export type PublicJwk =
  | { kty: 'EC'; crv: 'P-256'; x: string; y: string; kid?: string }
  | { kty: 'RSA'; n: string; e: string; kid?: string }
  | { kty: 'OKP'; crv: 'Ed25519'; x: string; kid?: string };

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
const MIN_RSA_BITS = 2048;

export type JwkCheck = { ok: true; jwk: PublicJwk; algorithm: EdmsAlgorithm } | { ok: false; problem: string };

/**
 * Checks that `value` is a usable public key for the EDMS's signatures: a JSON object, EC P-256,
 * RSA (2048 bits or more) or Ed25519, without any private member (a `d` means someone pasted the
 * private key: it is refused, never stored), and a real point / modulus.
 */
export function checkPublicJwk(value: unknown): JwkCheck {
  const usage = 'publicKeyJwk must be a public JWK: EC P-256 {"kty":"EC","crv":"P-256","x","y"}, RSA {"kty":"RSA","n","e"} or Ed25519 {"kty":"OKP","crv":"Ed25519","x"}';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: `${usage}.` };
  const jwk = value as Record<string, unknown>;
  const secret = PRIVATE_MEMBERS.filter((member) => member in jwk);
  if (secret.length > 0) {
    return {
      ok: false,
      problem: `publicKeyJwk contains private key material (${secret.map((m) => `"${m}"`).join(', ')}): send only the public key, and treat the private key that was sent as disclosed (make a new key pair).`,
    };
  }
  const kid = typeof jwk.kid === 'string' && jwk.kid.length > 0 && jwk.kid.length <= 200 ? jwk.kid : undefined;
  const text = (member: string) => (typeof jwk[member] === 'string' && (jwk[member] as string).length > 0 ? (jwk[member] as string) : null);
  let candidate: PublicJwk;
  let algorithm: EdmsAlgorithm;
  if (jwk.kty === 'EC') {
    if (jwk.crv !== 'P-256' || !text('x') || !text('y')) return { ok: false, problem: `An EC publicKeyJwk must be on curve P-256 with "x" and "y"; ${usage}.` };
    candidate = { kty: 'EC', crv: 'P-256', x: text('x')!, y: text('y')!, ...(kid ? { kid } : {}) };
    algorithm = 'ES256';
  } else if (jwk.kty === 'RSA') {
    if (!text('n') || !text('e')) return { ok: false, problem: `An RSA publicKeyJwk needs "n" and "e"; ${usage}.` };
    candidate = { kty: 'RSA', n: text('n')!, e: text('e')!, ...(kid ? { kid } : {}) };
    algorithm = 'RS256';
  } else if (jwk.kty === 'OKP') {
    if (jwk.crv !== 'Ed25519' || !text('x')) return { ok: false, problem: `An OKP publicKeyJwk must be Ed25519 with "x"; ${usage}.` };
    candidate = { kty: 'OKP', crv: 'Ed25519', x: text('x')!, ...(kid ? { kid } : {}) };
    algorithm = 'EdDSA';
  } else {
    return { ok: false, problem: `publicKeyJwk has key type ${JSON.stringify(jwk.kty ?? null)}; ${usage}.` };
  }
  try {
    const { kid: _kid, ...material } = candidate;
    void _kid;
    const key = createPublicKey({ key: material as unknown as import('node:crypto').JsonWebKey, format: 'jwk' });
    if (candidate.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
      return { ok: false, problem: `The RSA publicKeyJwk has ${key.asymmetricKeyDetails?.modulusLength ?? 0} bits; at least ${MIN_RSA_BITS} are required.` };
    }
  } catch {
    return { ok: false, problem: `publicKeyJwk is not a valid ${candidate.kty} public key (not a point on the curve, or a malformed modulus).` };
  }
  return { ok: true, jwk: candidate, algorithm };
}

/** The public half of a private EC P-256 JWK (what the portal publishes at its JWKS endpoint). */
export function publicPartOf(privateJwk: Record<string, unknown>, kid: string): PublicJwk {
  if (privateJwk.kty !== 'EC' || privateJwk.crv !== 'P-256' || typeof privateJwk.x !== 'string' || typeof privateJwk.y !== 'string') {
    throw new Error('the portal EDMS signing key must be an EC P-256 JWK');
  }
  return { kty: 'EC', crv: 'P-256', x: privateJwk.x, y: privateJwk.y, kid };
}

/** Reads the portal's signing key from its configured JSON text; throws a message naming what is wrong. */
export function parsePortalSigningJwk(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('must be the JSON of a private EC P-256 JWK ({"kty":"EC","crv":"P-256","x","y","d"})');
  }
  const jwk = value as Record<string, unknown>;
  if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
    throw new Error('must be a private EC P-256 JWK with "x", "y" and "d"');
  }
  return jwk;
}
