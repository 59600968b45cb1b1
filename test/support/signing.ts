import canonicalize from 'canonicalize';
import { CompactSign, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import type { TestPlatform } from './platform';

export interface Signer {
  keyId: string;
  sign(value: unknown): Promise<string>;
}

/** RFC 8785 canonical JSON, the bytes every signature in the contract is made over. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalized');
  return text;
}

/** Generates a P-256 key pair, registers its public key as a SIMPLE signing key and signs with it. */
export async function registerSimpleSigner(platform: TestPlatform, token: string): Promise<Signer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const registered = await platform.gql('mutation($jwk: JSON!) { registerSigningKey(publicKeyJwk: $jwk) { id level } }', { jwk }, { token });
  if (!registered.data?.registerSigningKey) throw new Error(`registerSigningKey failed: ${JSON.stringify(registered.errors)}`);
  return { keyId: registered.data.registerSigningKey.id, sign: (value) => signCanonical(privateKey, value) };
}

export async function signCanonical(privateKey: CryptoKey, value: unknown): Promise<string> {
  return new CompactSign(new TextEncoder().encode(canonicalJson(value))).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
}
