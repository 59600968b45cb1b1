import type { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { createTestCertificationAuthority, type TestCertificationAuthority } from '@portal/standins';
import { verifyCertificateChain } from './certificate-chain';
import type { CertifiedPublicJwk as PublicEcJwk } from './certificate-chain';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

async function newSigner(): Promise<{ keys: webcrypto.CryptoKeyPair; jwk: PublicEcJwk }> {
  const keys = (await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', keys.publicKey);
  return { keys, jwk: { kty, crv, x, y } as PublicEcJwk };
}

describe('qualified certificate chains', () => {
  let ca: TestCertificationAuthority;
  let otherCa: TestCertificationAuthority;
  beforeAll(async () => {
    ca = await createTestCertificationAuthority();
    otherCa = await createTestCertificationAuthority({ rootCommonName: 'Someone Else Root CA' });
  });

  describe('refused', () => {
    it('a chain from an untrusted root', async () => {
      const signer = await newSigner();
      const chain = await otherCa.issue('Aigul Asanova', signer.keys.publicKey);
      const check = await verifyCertificateChain(chain, ca.rootPem, signer.jwk);
      expect(check).toEqual({ ok: false, message: expect.stringMatching(/does not lead to the trusted root.*"CN=Someone Else Root CA/) });
    });

    it('a chain ending at a self-signed root that is not the trusted one', async () => {
      const signer = await newSigner();
      const chain = await otherCa.issue('Aigul Asanova', signer.keys.publicKey);
      const check = await verifyCertificateChain([...chain, otherCa.rootPem], ca.rootPem, signer.jwk);
      expect(!check.ok && check.message).toMatch(/ends at the root "CN=Someone Else Root CA.*not the trusted root/);
    });

    it('an expired certificate', async () => {
      const signer = await newSigner();
      const chain = await ca.issue('Aigul Asanova', signer.keys.publicKey, { notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01') });
      const check = await verifyCertificateChain(chain, ca.rootPem, signer.jwk);
      expect(!check.ok && check.message).toBe('The certificate "CN=Aigul Asanova, C=KG" expired on 2021-01-01.');
    });

    it('a certificate not valid yet', async () => {
      const signer = await newSigner();
      const notBefore = new Date(Date.now() + 86_400_000 * 10);
      const chain = await ca.issue('Aigul Asanova', signer.keys.publicKey, { notBefore });
      const check = await verifyCertificateChain(chain, ca.rootPem, signer.jwk);
      expect(!check.ok && check.message).toMatch(/is not valid before/);
    });

    it('a certificate for another key than the one registered', async () => {
      const signer = await newSigner();
      const other = await newSigner();
      const chain = await ca.issue('Aigul Asanova', other.keys.publicKey);
      const check = await verifyCertificateChain(chain, ca.rootPem, signer.jwk);
      expect(!check.ok && check.message).toMatch(/does not match publicKeyJwk/);
    });

    it('a certificate issued by a certificate that is not a CA', async () => {
      const signer = await newSigner();
      const fakeIssuer = await newSigner();
      const [fakeIssuerPem] = await ca.issue('Mallory', fakeIssuer.keys.publicKey);
      const fakeIssuerCert = new x509.X509Certificate(fakeIssuerPem);
      const leaf = await x509.X509CertificateGenerator.create({
        subject: 'CN=Aigul Asanova, C=KG',
        issuer: fakeIssuerCert.subject,
        publicKey: signer.keys.publicKey,
        signingKey: fakeIssuer.keys.privateKey,
        signingAlgorithm: SHA256,
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + 86_400_000),
      });
      const check = await verifyCertificateChain([leaf.toString('pem'), fakeIssuerPem], ca.rootPem, signer.jwk);
      expect(!check.ok && check.message).toMatch(/"CN=Mallory, C=KG" is not a certification authority/);
    });

    it('a chain given in the wrong order', async () => {
      const signer = await newSigner();
      const [leaf, intermediate] = await ca.issue('Aigul Asanova', signer.keys.publicKey, { viaIntermediate: true });
      const check = await verifyCertificateChain([intermediate, leaf], ca.rootPem, signer.jwk);
      expect(check.ok).toBe(false);
    });

    it('text that is not a certificate, and an empty chain', async () => {
      const signer = await newSigner();
      expect(await verifyCertificateChain(['hello'], ca.rootPem, signer.jwk)).toEqual({ ok: false, message: 'certificateChainPem[0] is not a PEM-encoded X.509 certificate.' });
      expect(await verifyCertificateChain([], ca.rootPem, signer.jwk)).toEqual({ ok: false, message: expect.stringMatching(/is empty/) });
    });
  });

  describe('accepted', () => {
    it('a leaf issued by the trusted root, showing its subject', async () => {
      const signer = await newSigner();
      const chain = await ca.issue('Aigul Asanova', signer.keys.publicKey);
      const check = await verifyCertificateChain(chain, ca.rootPem, signer.jwk);
      expect(check).toEqual({ ok: true, certified: expect.objectContaining({ subject: 'CN=Aigul Asanova, C=KG', issuer: expect.stringMatching(/^CN=Portal Test Root CA/), chainPem: chain }) });
    });

    it('a chain through an intermediate CA, with or without the root appended', async () => {
      const signer = await newSigner();
      const chain = await ca.issue('Bakyt Toktogulov', signer.keys.publicKey, { viaIntermediate: true });
      expect((await verifyCertificateChain(chain, ca.rootPem, signer.jwk)).ok).toBe(true);
      const withRoot = await verifyCertificateChain([...chain, ca.rootPem], ca.rootPem, signer.jwk);
      expect(withRoot.ok && withRoot.certified.chainPem).toHaveLength(2);
    });

    it('any root of a configured bundle', async () => {
      const signer = await newSigner();
      const chain = await otherCa.issue('Aigul Asanova', signer.keys.publicKey);
      expect((await verifyCertificateChain(chain, `${ca.rootPem}\n${otherCa.rootPem}`, signer.jwk)).ok).toBe(true);
    });
  });
});
