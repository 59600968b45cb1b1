/**
 * Electronic signatures of applications and of result documents: compact JWS, ES256,
 * over the UTF-8 RFC 8785 canonical JSON of what is signed, checked against a registered key.
 * No I/O: the keys come in as arguments.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { compactVerify, decodeProtectedHeader, errors as joseErrors, importJWK, type JWK } from 'jose';

export const SIGNATURE_ALGORITHM = 'ES256';

/** RFC 8785 (JSON Canonicalization Scheme) text of a JSON value. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('only JSON values can be canonicalized');
  return text;
}

/** What an applicant signs to submit (contract: SubmitApplicationInput): the data exactly as stored. */
export function submissionSigningPayload(applicationId: string, serviceId: string, data: unknown): string {
  return canonicalJson({ applicationId, serviceId, data });
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export type JwsProblem = 'MALFORMED' | 'ALGORITHM' | 'KEY' | 'SIGNATURE' | 'PAYLOAD_MISMATCH';
export type JwsCheck = { ok: true } | { ok: false; problem: JwsProblem; message: string };

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

/**
 * Verifies a compact JWS made with the key `publicKeyJwk` (ES256 only) and checks that its payload
 * is byte for byte `expectedPayload`. `what` names the signed thing in messages.
 */
export async function verifyCompactJws(jws: string, publicKeyJwk: Record<string, unknown>, keyId: string, expectedPayload: string, what: string): Promise<JwsCheck> {
  if (typeof jws !== 'string' || !COMPACT_JWS.test(jws.trim())) {
    return { ok: false, problem: 'MALFORMED', message: 'The signature is not a compact JWS (three base64url parts joined by dots): sign with your key and send the compact serialization.' };
  }
  const token = jws.trim();
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    return { ok: false, problem: 'MALFORMED', message: 'The signature header is not readable JSON: send the compact JWS exactly as your signing tool produced it.' };
  }
  if (alg !== SIGNATURE_ALGORITHM) {
    return { ok: false, problem: 'ALGORITHM', message: `The signature uses algorithm ${JSON.stringify(alg ?? null)}; sign with ${SIGNATURE_ALGORITHM} (ECDSA P-256 with SHA-256).` };
  }
  let key: Awaited<ReturnType<typeof importJWK>>;
  try {
    key = await importJWK({ ...(publicKeyJwk as JWK), alg: SIGNATURE_ALGORITHM }, SIGNATURE_ALGORITHM);
  } catch {
    return { ok: false, problem: 'KEY', message: `Signing key ${keyId} cannot verify ${SIGNATURE_ALGORITHM} signatures; register an EC P-256 key and sign with it.` };
  }
  let payload: Uint8Array;
  try {
    payload = (await compactVerify(token, key, { algorithms: [SIGNATURE_ALGORITHM] })).payload;
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      return { ok: false, problem: 'SIGNATURE', message: `The signature does not verify with signing key ${keyId}: sign with the private key of that key pair.` };
    }
    return { ok: false, problem: 'MALFORMED', message: `The signature is not a valid JWS (${(error as Error).message}); send the compact serialization your signing tool produced.` };
  }
  if (Buffer.compare(Buffer.from(payload), Buffer.from(expectedPayload, 'utf8')) !== 0) {
    return { ok: false, problem: 'PAYLOAD_MISMATCH', message: `The signature covers other data than ${what}.` };
  }
  return { ok: true };
}

/** A registered signing key, as the identity events project it here. */
export interface RegisteredSigningKey {
  id: string;
  userId: string;
  level: 'SIMPLE' | 'QUALIFIED';
  revokedAt: Date | null;
}

export type KeyProblem = { code: 'BAD_USER_INPUT' | 'FORBIDDEN'; message: string };

/**
 * Why `key` may not sign for `signerId` at the required level, or null: it must be registered,
 * belong to the signer, not be revoked, and for a QUALIFIED service be QUALIFIED.
 */
export function signingKeyProblem(keyId: string, key: RegisteredSigningKey | null, signerId: string, requiredLevel: 'SIMPLE' | 'QUALIFIED'): KeyProblem | null {
  if (!key) {
    return {
      code: 'BAD_USER_INPUT',
      message: `No signing key ${keyId} is registered. Register your public key with registerSigningKey (a key registered a moment ago may take a few seconds to arrive) and sign with it.`,
    };
  }
  if (key.userId !== signerId) return { code: 'FORBIDDEN', message: `Signing key ${keyId} belongs to another account: sign with one of your own keys.` };
  if (key.revokedAt) {
    return { code: 'BAD_USER_INPUT', message: `Signing key ${keyId} was revoked on ${key.revokedAt.toISOString()}; register a new key and sign with it.` };
  }
  if (requiredLevel === 'QUALIFIED' && key.level !== 'QUALIFIED') {
    return {
      code: 'BAD_USER_INPUT',
      message: `This service requires a qualified electronic signature (QUALIFIED), but key ${keyId} is ${key.level}. Sign with a key registered with a certificate chain from a trusted certification authority.`,
    };
  }
  return null;
}

/**
 * A qualified signature may carry its certificate chain in the JWS `x5c` header (base64 DER, leaf
 * first); when it does, its leaf must be the certificate registered with the key. A message, or null.
 */
export function x5cProblem(jws: string, registeredLeafPem: string | null, keyId: string): string | null {
  let x5c: unknown;
  try {
    x5c = decodeProtectedHeader(jws.trim()).x5c;
  } catch {
    return null; // verifyCompactJws reports unreadable headers
  }
  if (x5c === undefined) return null;
  if (!Array.isArray(x5c) || x5c.length === 0 || typeof x5c[0] !== 'string') return 'The x5c header of the signature must be a non-empty array of base64 DER certificates, leaf first.';
  const registered = registeredLeafPem ? Buffer.from(registeredLeafPem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64') : null;
  if (!registered || !Buffer.from(x5c[0], 'base64').equals(registered)) {
    return `The certificate in the x5c header of the signature is not the one registered with signing key ${keyId}: sign with that key's certificate, or leave x5c out.`;
  }
  return null;
}

/** What a signature is for: a citizen's application, or an officer's result document (R-33.1: always qualified). */
export type SignedFor = { kind: 'APPLICATION'; requiredLevel: 'SIMPLE' | 'QUALIFIED' } | { kind: 'RESULT_DOCUMENT'; providerCode: string };

export type CertificatePolicy =
  | { kind: 'REFUSE_SIMPLE_KEY' }
  | { kind: 'NO_CERTIFICATE_CHECK' }
  /** Check the key's certificate at the time of signing; for a result, its O must name `providerCode`. */
  | { kind: 'CHECK_CERTIFICATE'; providerCode: string | null };

/**
 * Which certificate checks a signature with a key of `keyLevel` needs: a result document always a
 * qualified key of the provider's officer; an application to a QUALIFIED service a qualified key of
 * the applicant (signingKeyProblem already refused a simple one); otherwise none.
 */
export function certificatePolicy(signedFor: SignedFor, keyLevel: 'SIMPLE' | 'QUALIFIED'): CertificatePolicy {
  if (signedFor.kind === 'RESULT_DOCUMENT') {
    return keyLevel === 'QUALIFIED' ? { kind: 'CHECK_CERTIFICATE', providerCode: signedFor.providerCode } : { kind: 'REFUSE_SIMPLE_KEY' };
  }
  return signedFor.requiredLevel === 'QUALIFIED' ? { kind: 'CHECK_CERTIFICATE', providerCode: null } : { kind: 'NO_CERTIFICATE_CHECK' };
}
