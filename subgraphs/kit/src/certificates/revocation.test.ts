import * as x509 from '@peculiar/x509';
import { type CertificationAuthorityStandin, startCertificationAuthorityStandin } from '@portal/standins';
import { chooseCrlUrl, createRevocationChecker } from './revocation';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;

describe('revocation checks against the published CRL', () => {
  let ca: CertificationAuthorityStandin;
  let otherCa: CertificationAuthorityStandin;
  beforeAll(async () => {
    [ca, otherCa] = await Promise.all([startCertificationAuthorityStandin({ port: 0 }), startCertificationAuthorityStandin({ port: 0, rootCommonName: 'Other Root CA' })]);
  });
  afterAll(async () => {
    await ca?.close();
    await otherCa?.close();
  });

  async function certificateOf(authority: CertificationAuthorityStandin) {
    const keys = (await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
    const [leaf] = await authority.issue('Aigul Asanova', keys.publicKey, { pin: '11505199012345' });
    return { leaf: new x509.X509Certificate(leaf), issuer: new x509.X509Certificate(authority.rootPem) };
  }

  /** Counts the CRL downloads. */
  function countingFetch() {
    const calls: string[] = [];
    const counted: typeof fetch = (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    };
    return { calls, fetch: counted };
  }

  it('answers GOOD, then REVOKED once the next CRL lists the serial', async () => {
    const { leaf, issuer } = await certificateOf(ca);
    const checker = createRevocationChecker({ crlUrl: ca.crlUrl, maxAgeSeconds: 0 });
    expect(await checker.check(leaf, issuer)).toMatchObject({ status: 'GOOD', crlUrl: ca.crlUrl });
    ca.revoke(leaf.serialNumber);
    expect(await checker.check(leaf, issuer)).toMatchObject({ status: 'REVOKED', revokedAt: expect.any(Date) });
  });

  it('caches the CRL until its nextUpdate, bounded by the maximum age', async () => {
    const { leaf, issuer } = await certificateOf(ca);
    let now = new Date();
    const counting = countingFetch();
    const checker = createRevocationChecker({ crlUrl: ca.crlUrl, maxAgeSeconds: 60, fetch: counting.fetch, now: () => now });
    await Promise.all([checker.check(leaf, issuer), checker.check(leaf, issuer)]);
    await checker.check(leaf, issuer);
    expect(counting.calls).toHaveLength(1); // concurrent and later checks share one download
    ca.revoke(leaf.serialNumber);
    expect((await checker.check(leaf, issuer)).status).toBe('GOOD'); // the cached list predates the revocation
    now = new Date(now.getTime() + 61_000);
    expect((await checker.check(leaf, issuer)).status).toBe('REVOKED');
    expect(counting.calls).toHaveLength(2);
  });

  it('refuses (UNKNOWN) a CRL past its nextUpdate rather than trusting it', async () => {
    const { leaf, issuer } = await certificateOf(ca);
    const checker = createRevocationChecker({ crlUrl: ca.crlUrl, maxAgeSeconds: 0, now: () => new Date(Date.now() + 2 * 3600_000) });
    expect(await checker.check(leaf, issuer)).toMatchObject({ status: 'UNKNOWN', reason: expect.stringMatching(/out of date/) });
  });

  it("refuses (UNKNOWN) a CRL signed by another authority than the certificate's issuer", async () => {
    const { leaf, issuer } = await certificateOf(ca);
    const checker = createRevocationChecker({ crlUrl: otherCa.crlUrl, allowedUrlPrefixes: [] });
    expect(await checker.check(leaf, issuer)).toMatchObject({ status: 'UNKNOWN', reason: expect.stringMatching(/issued by "CN=Other Root CA/) });
  });

  it('refuses (UNKNOWN) a CRL under the issuer\'s name but not signed with its key', async () => {
    const impostor = await startCertificationAuthorityStandin({ port: 0 }); // same root name, another key
    try {
      const { leaf, issuer } = await certificateOf(ca);
      const checker = createRevocationChecker({ crlUrl: impostor.crlUrl, allowedUrlPrefixes: [] });
      expect(await checker.check(leaf, issuer)).toMatchObject({ status: 'UNKNOWN', reason: expect.stringMatching(/signature of the revocation list .* does not verify/) });
    } finally {
      await impostor.close();
    }
  });

  it('refuses (UNKNOWN) when the CRL is unreachable, answers an error, or is not a CRL', async () => {
    const { leaf, issuer } = await certificateOf(ca);
    const unreachable = createRevocationChecker({ crlUrl: 'http://127.0.0.1:1/crl', allowedUrlPrefixes: [] });
    expect(await unreachable.check(leaf, issuer)).toMatchObject({ status: 'UNKNOWN', reason: expect.stringMatching(/could not be fetched/) });
    const notFound = createRevocationChecker({ crlUrl: `${ca.url}/nothing-here`, allowedUrlPrefixes: [] });
    expect(await notFound.check(leaf, issuer)).toMatchObject({ status: 'UNKNOWN', reason: expect.stringMatching(/HTTP 404/) });
    const notACrl = createRevocationChecker({ crlUrl: `${ca.url}/root.pem`, allowedUrlPrefixes: [] });
    expect(await notACrl.check(leaf, issuer)).toMatchObject({ status: 'UNKNOWN', reason: expect.stringMatching(/not a certificate revocation list/) });
    const none = createRevocationChecker({ crlUrl: null, allowedUrlPrefixes: [] });
    expect(await none.check(leaf, issuer)).toMatchObject({ status: 'UNKNOWN', reason: expect.stringMatching(/no revocation list is configured/) });
  });

  it('refuses (UNKNOWN) a response larger than any CRL should be, without buffering it all', async () => {
    const { leaf, issuer } = await certificateOf(ca);
    const huge: typeof fetch = async () => new Response(new ReadableStream({ pull: (controller) => controller.enqueue(new Uint8Array(1024 * 1024)) }));
    const checker = createRevocationChecker({ crlUrl: ca.crlUrl, fetch: huge });
    expect(await checker.check(leaf, issuer)).toMatchObject({ status: 'UNKNOWN', reason: expect.stringMatching(/larger than/) });
  });

  it("follows a certificate's distribution point only when it is on the allow-list", async () => {
    const { leaf } = await certificateOf(otherCa);
    expect(chooseCrlUrl(leaf, ca.crlUrl, [`${otherCa.url}/`])).toBe(otherCa.crlUrl);
    expect(chooseCrlUrl(leaf, ca.crlUrl, [`${ca.url}/`])).toBe(ca.crlUrl);
    expect(chooseCrlUrl(leaf, null, [])).toBeNull();
  });
});
