/**
 * Verification of the X.509 chain of a qualified signature key: leaf first, each certificate signed
 * by the next, all within their validity period, every issuer a certification authority, ending at a
 * configured trusted root, and the leaf certifying exactly the key being registered.
 */
import * as x509 from '@peculiar/x509';
import { createPublicKey, webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** The public EC point a signing key is registered with. */
export interface CertifiedPublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export const MAX_CHAIN_LENGTH = 5;

/** DER SubjectPublicKeyInfo of a public JWK, to compare with a certificate's key. */
export function spkiOf(jwk: CertifiedPublicJwk): Buffer {
  return createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, format: 'jwk' }).export({ type: 'spki', format: 'der' });
}

export interface CertifiedKey {
  subject: string;
  issuer: string;
  serialNumber: string;
  notAfter: Date;
  /** The chain as registered (PEMs, leaf first, without the trusted root). */
  chainPem: string[];
}

export type ChainCheck = { ok: true; certified: CertifiedKey } | { ok: false; message: string };

/** Splits PEM text (one or more certificates) into certificates; throws on anything else. */
export function parseCertificates(pemText: string): x509.X509Certificate[] {
  if (!pemText.includes('-----BEGIN CERTIFICATE-----')) throw new Error('no PEM certificate found');
  return x509.PemConverter.decode(pemText).map((der) => new x509.X509Certificate(der));
}

const day = (date: Date) => date.toISOString().slice(0, 10);

export async function verifyCertificateChain(chainPem: readonly string[], trustedRootsPem: string, jwk: CertifiedPublicJwk, now: Date = new Date()): Promise<ChainCheck> {
  const fail = (message: string): ChainCheck => ({ ok: false, message });
  if (chainPem.length === 0) return fail('certificateChainPem is empty: give the signing certificate first, then its issuing CA certificates, or omit the argument for a simple signature key.');

  const chain: x509.X509Certificate[] = [];
  for (const [index, pem] of chainPem.entries()) {
    try {
      chain.push(...parseCertificates(pem));
    } catch {
      return fail(`certificateChainPem[${index}] is not a PEM-encoded X.509 certificate.`);
    }
  }
  const roots = parseCertificates(trustedRootsPem);
  const isTrustedRoot = (certificate: x509.X509Certificate) =>
    roots.some((root) => Buffer.from(root.rawData).equals(Buffer.from(certificate.rawData)));
  // A client may include the root itself at the end; the configured copy is what counts.
  while (chain.length > 1 && isTrustedRoot(chain[chain.length - 1])) chain.pop();
  if (chain.length > MAX_CHAIN_LENGTH) return fail(`The certificate chain has ${chain.length} certificates; at most ${MAX_CHAIN_LENGTH} are accepted.`);

  const leaf = chain[0];
  if (!Buffer.from(leaf.publicKey.rawData).equals(spkiOf(jwk))) {
    return fail(`The public key certified by the leaf certificate "${leaf.subject}" does not match publicKeyJwk: register the key pair the certificate was issued for.`);
  }
  const leafConstraints = leaf.getExtension(x509.BasicConstraintsExtension);
  if (leafConstraints?.ca) return fail(`The first certificate "${leaf.subject}" is a CA certificate; the chain must start with the signer's own certificate.`);
  const leafUsage = leaf.getExtension(x509.KeyUsagesExtension);
  if (leafUsage && !(leafUsage.usages & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation))) {
    return fail(`The leaf certificate "${leaf.subject}" does not allow digital signatures (key usage).`);
  }

  // Find the trusted root that issued the last certificate of the chain.
  const last = chain[chain.length - 1];
  let anchor: x509.X509Certificate | null = null;
  if (isTrustedRoot(last)) anchor = last;
  else {
    for (const root of roots) {
      if (root.subject === last.issuer && (await last.verify({ publicKey: root, signatureOnly: true }))) {
        anchor = root;
        break;
      }
    }
  }
  if (!anchor) {
    return fail(
      (await last.isSelfSigned())
        ? `The certificate chain ends at the root "${last.subject}", which is not the trusted root certification authority.`
        : `The certificate chain does not lead to the trusted root certification authority: the issuer "${last.issuer}" of "${last.subject}" is not trusted.`,
    );
  }

  const path = anchor === last ? chain : [...chain, anchor];
  for (const certificate of path) {
    if (now < certificate.notBefore) return fail(`The certificate "${certificate.subject}" is not valid before ${day(certificate.notBefore)}.`);
    if (now > certificate.notAfter) return fail(`The certificate "${certificate.subject}" expired on ${day(certificate.notAfter)}.`);
  }
  for (let index = 0; index < path.length - 1; index++) {
    const subject = path[index];
    const issuer = path[index + 1];
    if (subject.issuer !== issuer.subject) {
      return fail(`The certificate "${subject.subject}" names the issuer "${subject.issuer}", but the next certificate in the chain is "${issuer.subject}": give the chain leaf first, each certificate followed by its issuer.`);
    }
    const constraints = issuer.getExtension(x509.BasicConstraintsExtension);
    if (!constraints?.ca) return fail(`The certificate "${issuer.subject}" is not a certification authority (no CA basic constraint), so it cannot issue "${subject.subject}".`);
    // Intermediates between this issuer and the leaf: the issuer's path length constraint caps them.
    const intermediatesBelow = index;
    if (constraints.pathLength !== undefined && intermediatesBelow > constraints.pathLength) {
      return fail(`The certification authority "${issuer.subject}" may not have ${intermediatesBelow} intermediate CAs below it (path length ${constraints.pathLength}).`);
    }
    const usage = issuer.getExtension(x509.KeyUsagesExtension);
    if (usage && !(usage.usages & x509.KeyUsageFlags.keyCertSign)) {
      return fail(`The certification authority "${issuer.subject}" is not allowed to sign certificates (key usage).`);
    }
    if (!(await subject.verify({ publicKey: issuer, signatureOnly: true }))) {
      return fail(`The signature on the certificate "${subject.subject}" does not verify with the key of "${issuer.subject}".`);
    }
  }

  return {
    ok: true,
    certified: {
      subject: leaf.subject,
      issuer: leaf.issuer,
      serialNumber: leaf.serialNumber,
      notAfter: leaf.notAfter,
      chainPem: chain.map((certificate) => certificate.toString('pem')),
    },
  };
}
