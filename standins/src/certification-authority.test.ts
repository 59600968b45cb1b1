import * as x509 from '@peculiar/x509';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestCertificationAuthority } from './certification-authority';

const generateSigningKey = () =>
  crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;

describe('test certification authority', () => {
  it('issues a leaf certificate signed by its root, for the given key and subject', async () => {
    const ca = await createTestCertificationAuthority();
    const { publicKey } = await generateSigningKey();
    const [leafPem, ...rest] = await ca.issue('Aigul Asanova', publicKey);
    expect(rest).toHaveLength(0);
    const leaf = new x509.X509Certificate(leafPem);
    const root = new x509.X509Certificate(ca.rootPem);
    expect(leaf.subject).toBe('CN=Aigul Asanova, C=KG');
    expect(leaf.issuer).toBe(root.subject);
    expect(await leaf.verify({ publicKey: root, signatureOnly: true })).toBe(true);
    expect(await root.isSelfSigned()).toBe(true);
    expect(root.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(true);
    const spki = Buffer.from(await crypto.subtle.exportKey('spki', publicKey));
    expect(Buffer.from(leaf.publicKey.rawData).equals(spki)).toBe(true);
  });

  it('issues through an intermediate CA and honours the validity dates', async () => {
    const ca = await createTestCertificationAuthority();
    const { publicKey } = await generateSigningKey();
    const notBefore = new Date('2020-01-01T00:00:00Z');
    const notAfter = new Date('2021-01-01T00:00:00Z');
    const [leafPem, intermediatePem] = await ca.issue('Bakyt Toktogulov', publicKey, { viaIntermediate: true, notBefore, notAfter });
    const leaf = new x509.X509Certificate(leafPem);
    const intermediate = new x509.X509Certificate(intermediatePem);
    expect(leaf.notAfter.toISOString()).toBe(notAfter.toISOString());
    expect(await leaf.verify({ publicKey: intermediate, signatureOnly: true })).toBe(true);
    expect(await intermediate.verify({ publicKey: new x509.X509Certificate(ca.rootPem), signatureOnly: true })).toBe(true);
    expect(intermediate.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(true);
  });

  it('keeps its root in the key file so the same root is trusted after a restart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'test-ca-'));
    try {
      const file = path.join(dir, 'root.json');
      const first = await createTestCertificationAuthority({ file });
      const second = await createTestCertificationAuthority({ file });
      expect(second.rootPem).toBe(first.rootPem);
      const { publicKey } = await generateSigningKey();
      const [leafPem] = await second.issue('Aigul Asanova', publicKey);
      expect(await new x509.X509Certificate(leafPem).verify({ publicKey: new x509.X509Certificate(first.rootPem), signatureOnly: true })).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
