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

export interface QualifiedSigner extends Signer {
  /** The certificate's serial number (hex), for POST /test/revocations. */
  serialNumber: string;
  chainPem: string[];
}

export interface CertificateHolder {
  /** PIN (or tax number): the certificate subject's serialNumber. */
  pin: string;
  name: string;
  /** Provider code, for an officer's certificate. */
  organization?: string;
  notBefore?: string;
  notAfter?: string;
}

/** Asks the certification-authority stand-in for a certificate of a fresh key pair, the way a demo user would. */
export async function issueTestCertificate(certificationAuthorityUrl: string, holder: CertificateHolder) {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const { kty, crv, x, y } = await exportJWK(publicKey);
  const response = await fetch(`${certificationAuthorityUrl}/test/certificates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ publicKeyJwk: { kty, crv, x, y }, ...holder }),
  });
  if (!response.ok) throw new Error(`the certification authority refused: ${await response.text()}`);
  const issued = (await response.json()) as { chainPem: string[]; serialNumber: string };
  return { ...issued, jwk: { kty, crv, x, y }, privateKey };
}

/**
 * Gets a qualified certificate from the certification-authority stand-in (POST /test/certificates)
 * for a fresh key pair, registers the key with its chain as a QUALIFIED signing key and signs with it.
 */
export async function registerQualifiedSigner(platform: TestPlatform, token: string, holder: CertificateHolder): Promise<QualifiedSigner> {
  const certificate = await issueTestCertificate(platform.certificationAuthority.url, holder);
  const registered = await platform.gql(
    'mutation($jwk: JSON!, $chain: [String!]) { registerSigningKey(publicKeyJwk: $jwk, certificateChainPem: $chain) { id level } }',
    { jwk: certificate.jwk, chain: certificate.chainPem },
    { token },
  );
  if (registered.data?.registerSigningKey?.level !== 'QUALIFIED') throw new Error(`registerSigningKey (qualified) failed: ${JSON.stringify(registered.errors)}`);
  return {
    keyId: registered.data.registerSigningKey.id,
    serialNumber: certificate.serialNumber,
    chainPem: certificate.chainPem,
    sign: (value) => signCanonical(certificate.privateKey, value),
  };
}

/** Revokes a certificate at the certification-authority stand-in (POST /test/revocations). */
export async function revokeTestCertificate(platform: TestPlatform, serialNumber: string): Promise<void> {
  const response = await fetch(`${platform.certificationAuthority.url}/test/revocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serialNumber }),
  });
  if (!response.ok) throw new Error(`revocation refused: ${await response.text()}`);
}

export async function signCanonical(privateKey: CryptoKey, value: unknown): Promise<string> {
  return new CompactSign(new TextEncoder().encode(canonicalJson(value))).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
}
