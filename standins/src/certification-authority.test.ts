import * as x509 from '@peculiar/x509';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CertificationAuthorityStandin, createTestCertificationAuthority, startCertificationAuthorityStandin } from './certification-authority';

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
      // what it revoked stays revoked after a restart
      const serial = new x509.X509Certificate(leafPem).serialNumber;
      expect(second.revoke(serial)).toBe(true);
      const third = await createTestCertificationAuthority({ file });
      expect((await third.crl()).entries.map((entry) => entry.serialNumber.replace(/^0+/, ''))).toEqual([serial.replace(/^0+/, '')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('certification authority stand-in service', () => {
  let ca: CertificationAuthorityStandin;
  beforeAll(async () => {
    ca = await startCertificationAuthorityStandin({ port: 0, crlValiditySeconds: 600 });
  });
  afterAll(() => ca?.close());

  const post = (path: string, body: unknown) => fetch(`${ca.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  async function publicJwk() {
    const { publicKey } = await generateSigningKey();
    const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', publicKey);
    return { kty, crv, x, y };
  }
  async function fetchCrl(path = '/crl') {
    const response = await fetch(`${ca.url}${path}`);
    expect(response.headers.get('content-type')).toBe('application/pkix-crl');
    return new x509.X509Crl(Buffer.from(await response.arrayBuffer()));
  }

  it("refuses requests that are not a public P-256 key with the holder's PIN and name", async () => {
    const jwk = await publicJwk();
    expect((await post('/test/certificates', { publicKeyJwk: jwk, name: 'Azamat Sydykov' })).status).toBe(400);
    expect((await post('/test/certificates', { publicKeyJwk: { ...jwk, d: 'secret' }, pin: '22004198200031', name: 'A' })).status).toBe(400);
    expect((await post('/test/certificates', { publicKeyJwk: { ...jwk, x: jwk.y }, pin: '22004198200031', name: 'A' })).status).toBe(400);
    expect((await post('/test/certificates', { publicKeyJwk: jwk, pin: '22004198200031', name: 'A', organization: 'MVD, O=GRS' })).status).toBe(400);
    const unknown = await post('/test/revocations', { serialNumber: 'abcdef' });
    expect(unknown.status).toBe(404);
    expect((await post('/test/revocations', { serialNumber: 'not hex' })).status).toBe(400);
  });

  it("issues an officer's certificate naming PIN, provider and the CRL, with the chain up to the root", async () => {
    const response = await post('/test/certificates', { publicKeyJwk: await publicJwk(), pin: '22004198200031', name: 'Azamat Sydykov', organization: 'MVD' });
    expect(response.status).toBe(200);
    const { chainPem, serialNumber } = (await response.json()) as { chainPem: string[]; serialNumber: string };
    expect(chainPem).toHaveLength(2);
    expect(chainPem[1]).toBe(ca.rootPem);
    const leaf = new x509.X509Certificate(chainPem[0]);
    expect(leaf.serialNumber).toBe(serialNumber);
    expect(leaf.subject).toBe('CN=Azamat Sydykov, 2.5.4.5=22004198200031, O=MVD, C=KG');
    expect(leaf.subjectName.getField('2.5.4.5')).toEqual(['22004198200031']);
    const points = leaf.getExtension(x509.CRLDistributionPointsExtension)!.distributionPoints;
    expect(points[0].distributionPoint?.fullName?.[0].uniformResourceIdentifier).toBe(ca.crlUrl);
    expect(leaf.getExtension(x509.KeyUsagesExtension)!.usages & x509.KeyUsageFlags.nonRepudiation).toBeTruthy();
  });

  it('publishes a signed CRL that lists a certificate once it is revoked', async () => {
    const { serialNumber } = (await (await post('/test/certificates', { publicKeyJwk: await publicJwk(), pin: '11505199012345', name: 'Aigul Asanova' })).json()) as { serialNumber: string };
    const root = new x509.X509Certificate(ca.rootPem);
    const before = await fetchCrl();
    expect(before.issuer).toBe(root.subject);
    expect(await before.verify({ publicKey: root })).toBe(true);
    expect(before.nextUpdate!.getTime() - before.thisUpdate.getTime()).toBe(600_000);
    expect(before.entries.map((entry) => entry.serialNumber)).not.toContain(serialNumber);

    const revoked = await post('/test/revocations', { serialNumber });
    expect(revoked.status).toBe(200);
    const after = await fetchCrl();
    expect(await after.verify({ publicKey: root })).toBe(true);
    expect(after.entries.map((entry) => entry.serialNumber.replace(/^0+/, ''))).toContain(serialNumber.replace(/^0+/, ''));
    const pem = await (await fetch(`${ca.url}/crl.pem`)).text();
    expect(pem).toMatch(/^-----BEGIN (X509 )?CRL-----/);
    expect(await (await fetch(`${ca.url}/root.pem`)).text()).toBe(ca.rootPem);
  });

  it("keeps the intermediate's revocations in the intermediate's own CRL", async () => {
    const { chainPem, serialNumber } = (await (await post('/test/certificates', { publicKeyJwk: await publicJwk(), pin: '20308198500017', name: 'Bakyt Toktogulov', viaIntermediate: true })).json()) as { chainPem: string[]; serialNumber: string };
    expect(chainPem).toHaveLength(3);
    await post('/test/revocations', { serialNumber });
    const intermediate = new x509.X509Certificate(chainPem[1]);
    const crl = await fetchCrl('/intermediate/crl');
    expect(crl.issuer).toBe(intermediate.subject);
    expect(await crl.verify({ publicKey: intermediate })).toBe(true);
    expect(crl.entries).toHaveLength(1);
    expect((await fetchCrl('/crl')).entries.map((entry) => entry.serialNumber)).not.toContain(serialNumber);
  });
});
