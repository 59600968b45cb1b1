import { canonicalJson } from './canonical-json';

/** The only protected header the platform needs for a SIMPLE signature (applications' verifyCompactJws). */
export const SIGNATURE_HEADER = { alg: 'ES256' } as const;

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Compact JWS (ES256) over the canonical JSON of `value`, signed with a WebCrypto ECDSA P-256 key.
 * WebCrypto's ECDSA signature is already the raw r||s (64 bytes) that JWS expects, so no DER conversion.
 */
export async function signCompactJws(privateKey: CryptoKey, value: unknown, subtle: SubtleCrypto = crypto.subtle): Promise<string> {
  const encoder = new TextEncoder();
  const signingInput = `${base64url(encoder.encode(JSON.stringify(SIGNATURE_HEADER)))}.${base64url(encoder.encode(canonicalJson(value)))}`;
  const signature = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, encoder.encode(signingInput));
  return `${signingInput}.${base64url(new Uint8Array(signature))}`;
}
