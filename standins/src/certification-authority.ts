/**
 * Stand-in of a qualified certification authority for local development and tests: a root CA (and
 * an intermediate CA on request) issuing X.509 certificates for ECDSA P-256 signing keys, built with
 * @peculiar/x509 over WebCrypto.
 */
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);

const EC_P256: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const ECDSA_SHA256: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const DAY_MS = 24 * 60 * 60 * 1000;

export interface IssueCertificateOptions {
  notBefore?: Date;
  notAfter?: Date;
  /** Issue through the CA's intermediate: the chain is then [leaf, intermediate]. */
  viaIntermediate?: boolean;
}

export interface TestCertificationAuthorityOptions {
  /** Common name of the root certificate (default 'Portal Test Root CA'). */
  rootCommonName?: string;
  /** Keeps the root key and certificate in this file (created on first use) so the root stays trusted across restarts. */
  file?: string;
}

export type CertificationAuthority = TestCertificationAuthority;

export interface TestCertificationAuthority {
  /** PEM of the self-signed root certificate: what the portal is configured to trust. */
  rootPem: string;
  /** Issues a certificate for `publicKey`; returns the chain as PEMs, leaf first, root excluded. */
  issue(subjectCommonName: string, publicKey: CryptoKey, options?: IssueCertificateOptions): Promise<string[]>;
}

interface StoredRoot {
  privateKeyJwk: JsonWebKey;
  publicKeyJwk: JsonWebKey;
  certificatePem: string;
}

interface Authority {
  keys: CryptoKeyPair;
  certificate: x509.X509Certificate;
}

export async function createTestCertificationAuthority(options: TestCertificationAuthorityOptions = {}): Promise<TestCertificationAuthority> {
  const root = await loadOrCreateRoot(options.rootCommonName ?? 'Portal Test Root CA', options.file);
  let intermediate: Promise<Authority> | null = null;
  const intermediateAuthority = () => (intermediate ??= createIntermediate(root));

  return {
    rootPem: root.certificate.toString('pem'),
    async issue(subjectCommonName, publicKey, issueOptions = {}) {
      const issuer = issueOptions.viaIntermediate ? await intermediateAuthority() : root;
      const notBefore = issueOptions.notBefore ?? new Date(Date.now() - 60_000);
      const leaf = await x509.X509CertificateGenerator.create({
        serialNumber: randomSerial(),
        subject: `CN=${escapeRdnValue(subjectCommonName)}, C=KG`,
        issuer: issuer.certificate.subject,
        notBefore,
        notAfter: issueOptions.notAfter ?? new Date(notBefore.getTime() + 365 * DAY_MS),
        publicKey,
        signingKey: issuer.keys.privateKey,
        signingAlgorithm: ECDSA_SHA256,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
          await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto),
          await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey, false, crypto),
        ],
      });
      const chain = [leaf.toString('pem')];
      if (issuer !== root) chain.push(issuer.certificate.toString('pem'));
      return chain;
    },
  };
}

async function loadOrCreateRoot(commonName: string, file: string | undefined): Promise<Authority> {
  if (file && existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredRoot;
    const privateKey = await crypto.subtle.importKey('jwk', stored.privateKeyJwk, EC_P256, true, ['sign']);
    const publicKey = await crypto.subtle.importKey('jwk', stored.publicKeyJwk, EC_P256, true, ['verify']);
    return { keys: { privateKey, publicKey }, certificate: new x509.X509Certificate(stored.certificatePem) };
  }
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${escapeRdnValue(commonName)}, O=Portal test certification authority, C=KG`,
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + 10 * 365 * DAY_MS),
    keys,
    signingAlgorithm: ECDSA_SHA256,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
    ],
  });
  if (file) {
    const stored: StoredRoot = {
      privateKeyJwk: await crypto.subtle.exportKey('jwk', keys.privateKey),
      publicKeyJwk: await crypto.subtle.exportKey('jwk', keys.publicKey),
      certificatePem: certificate.toString('pem'),
    };
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  }
  return { keys, certificate };
}

async function createIntermediate(root: Authority): Promise<Authority> {
  const keys = await generateKeys();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: 'CN=Portal Test Qualified Signature CA, O=Portal test certification authority, C=KG',
    issuer: root.certificate.subject,
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + 5 * 365 * DAY_MS),
    publicKey: keys.publicKey,
    signingKey: root.keys.privateKey,
    signingAlgorithm: ECDSA_SHA256,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      await x509.AuthorityKeyIdentifierExtension.create(root.keys.publicKey, false, crypto),
    ],
  });
  return { keys, certificate };
}

function generateKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']);
}

/** A positive 16-byte serial number (the top bit cleared keeps the DER integer positive). */
function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f;
  return Buffer.from(bytes).toString('hex');
}

/** Escapes the characters RFC 4514 reserves in a distinguished name value. */
function escapeRdnValue(value: string): string {
  return value.replace(/([,+"\\<>;=])/g, '\\$1');
}
