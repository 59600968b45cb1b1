import { webcrypto } from 'node:crypto';
import { type CertificationAuthorityStandin, createTestCertificationAuthority, startCertificationAuthorityStandin } from '@portal/standins';
import type { CertifiedPublicJwk } from './certificate-chain';
import { checkQualifiedCertificate, type QualifiedCheckInput, qualifiedProblemError } from './qualified-certificate';
import { createRevocationChecker, type RevocationChecker } from './revocation';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const OFFICER_PIN = '22004198200031';

async function newKey(): Promise<{ keys: webcrypto.CryptoKeyPair; jwk: CertifiedPublicJwk }> {
  const keys = (await crypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', keys.publicKey);
  return { keys, jwk: { kty, crv, x, y } as CertifiedPublicJwk };
}

describe('checking a qualified certificate at the time of signing', () => {
  let ca: CertificationAuthorityStandin;
  let revocation: RevocationChecker;
  beforeAll(async () => {
    ca = await startCertificationAuthorityStandin({ port: 0 });
    revocation = createRevocationChecker({ crlUrl: ca.crlUrl, maxAgeSeconds: 0 });
  });
  afterAll(() => ca?.close());

  async function officerCertificate(options: { pin?: string; organization?: string; notBefore?: Date; notAfter?: Date; viaIntermediate?: boolean } = {}) {
    const key = await newKey();
    const chainPem = await ca.issue('Azamat Sydykov', key.keys.publicKey, { pin: options.pin ?? OFFICER_PIN, organization: options.organization ?? 'MVD', ...options });
    return { ...key, chainPem };
  }
  const input = (certificate: { jwk: CertifiedPublicJwk; chainPem: string[] }, overrides: Partial<QualifiedCheckInput> = {}): QualifiedCheckInput => ({
    keyId: 'k1',
    chainPem: certificate.chainPem,
    trustedRootsPem: ca.rootPem,
    jwk: certificate.jwk,
    at: new Date(),
    signer: { identifier: OFFICER_PIN, providerCode: 'MVD' },
    revocation,
    ...overrides,
  });

  describe('refused', () => {
    it('a key without a stored certificate chain', async () => {
      const certificate = await officerCertificate();
      expect(await checkQualifiedCertificate(input(certificate, { chainPem: null }))).toEqual({ ok: false, problem: { kind: 'NO_CERTIFICATE', keyId: 'k1' } });
    });

    it('a certificate that expired before the moment of signing, or is not valid yet', async () => {
      const certificate = await officerCertificate({ notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2026-06-01T00:00:00Z') });
      expect(await checkQualifiedCertificate(input(certificate, { at: new Date('2026-06-02T00:00:00Z') }))).toEqual({ ok: false, problem: { kind: 'EXPIRED', notAfter: new Date('2026-06-01T00:00:00Z') } });
      expect(await checkQualifiedCertificate(input(certificate, { at: new Date('2025-12-31T00:00:00Z') }))).toMatchObject({ ok: false, problem: { kind: 'NOT_YET_VALID' } });
    });

    it('a chain from another root', async () => {
      const other = await createTestCertificationAuthority({ rootCommonName: 'Elsewhere Root CA' });
      const key = await newKey();
      const chainPem = await other.issue('Azamat Sydykov', key.keys.publicKey, { pin: OFFICER_PIN, organization: 'MVD' });
      const check = await checkQualifiedCertificate(input({ ...key, chainPem }));
      expect(check).toMatchObject({ ok: false, problem: { kind: 'UNTRUSTED_CHAIN', detail: expect.stringMatching(/trusted root/) } });
    });

    it("someone else's certificate: the subject's serialNumber is not the signer's PIN", async () => {
      const certificate = await officerCertificate({ pin: '11505199012345' });
      expect(await checkQualifiedCertificate(input(certificate))).toMatchObject({ ok: false, problem: { kind: 'NOT_THE_SIGNER', subject: expect.stringMatching(/2\.5\.4\.5=11505199012345/) } });
    });

    it("an officer's certificate of another provider, or a personal one without O", async () => {
      expect(await checkQualifiedCertificate(input(await officerCertificate({ organization: 'GRS' })))).toEqual({
        ok: false,
        problem: { kind: 'NOT_AN_OFFICER_OF', providerCode: 'MVD', organization: 'GRS' },
      });
      const key = await newKey();
      const personal = await ca.issue('Azamat Sydykov', key.keys.publicKey, { pin: OFFICER_PIN });
      expect(await checkQualifiedCertificate(input({ ...key, chainPem: personal }))).toMatchObject({ ok: false, problem: { kind: 'NOT_AN_OFFICER_OF', organization: null } });
    });

    it('a revoked certificate, through the root and through the intermediate', async () => {
      for (const viaIntermediate of [false, true]) {
        const certificate = await officerCertificate({ viaIntermediate });
        expect((await checkQualifiedCertificate(input(certificate))).ok).toBe(true);
        const { X509Certificate } = await import('@peculiar/x509');
        expect(ca.revoke(new X509Certificate(certificate.chainPem[0]).serialNumber)).toBe(true);
        expect(await checkQualifiedCertificate(input(certificate))).toMatchObject({ ok: false, problem: { kind: 'REVOKED', revokedAt: expect.any(Date) } });
      }
    });

    it('when the revocation list cannot be obtained (fail closed)', async () => {
      const certificate = await officerCertificate();
      const unreachable = createRevocationChecker({ crlUrl: 'http://127.0.0.1:1/crl', allowedUrlPrefixes: [] });
      expect(await checkQualifiedCertificate(input(certificate, { revocation: unreachable }))).toMatchObject({
        ok: false,
        problem: { kind: 'REVOCATION_UNKNOWN', reason: expect.stringMatching(/could not be fetched/) },
      });
    });
  });

  it('accepts a valid certificate of the signer, naming the provider', async () => {
    const certificate = await officerCertificate({ organization: 'mvd' });
    const check = await checkQualifiedCertificate(input(certificate));
    expect(check).toMatchObject({ ok: true, subject: { commonName: 'Azamat Sydykov', serialNumber: OFFICER_PIN, organization: 'mvd' } });
    // a citizen's signature: no provider to match
    expect((await checkQualifiedCertificate(input(await officerCertificate(), { signer: { identifier: OFFICER_PIN } }))).ok).toBe(true);
  });

  it('words every problem in Russian and Kyrgyz with the contract code', () => {
    const expired = qualifiedProblemError({ kind: 'EXPIRED', notAfter: new Date('2026-06-01T00:00:00Z') }, 'RU');
    expect(expired).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Срок действия сертификата ключа подписи истёк 2026-06-01/) });
    expect(qualifiedProblemError({ kind: 'EXPIRED', notAfter: new Date('2026-06-01T00:00:00Z') }, 'KY').message).toMatch(/мөөнөтү 2026-06-01 бүттү/);
    expect(qualifiedProblemError({ kind: 'REVOKED', revokedAt: new Date('2026-06-01T00:00:00Z') }, 'RU').message).toMatch(/отозван/);
    expect(qualifiedProblemError({ kind: 'NOT_THE_SIGNER', subject: 'CN=X' }, 'RU').code).toBe('FORBIDDEN');
    expect(qualifiedProblemError({ kind: 'NOT_AN_OFFICER_OF', providerCode: 'MVD', organization: 'GRS' }, 'KY')).toEqual({ code: 'FORBIDDEN', message: expect.stringMatching(/MVD/) });
    expect(qualifiedProblemError({ kind: 'NOT_QUALIFIED', keyId: 'k1' }, 'RU').message).toMatch(/^Простой ключ k1 не может подписать документ-результат/);
    expect(qualifiedProblemError({ kind: 'REVOCATION_UNKNOWN', reason: 'down' }, 'RU').code).toBe('CONFLICT');
  });
});
