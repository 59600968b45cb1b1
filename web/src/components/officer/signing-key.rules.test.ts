import { certificatesIn, keyProblem, organizationOf } from './signing-key.rules';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const qualified = { id: 'k1', level: 'QUALIFIED' as const, revokedAt: null, certificateNotAfter: '2027-12-01T00:00:00Z' };

describe("whether this browser's key can sign a result document", () => {
  it('can when registered as QUALIFIED, not revoked, the certificate still valid', () => {
    expect(keyProblem({ keyId: 'k1' }, qualified, NOW)).toBeNull();
  });

  it('says what is missing otherwise', () => {
    expect(keyProblem(null, undefined, NOW)).toBe('NONE');
    expect(keyProblem({ keyId: null }, undefined, NOW)).toBe('NOT_REGISTERED');
    expect(keyProblem({ keyId: 'k1' }, undefined, NOW)).toBe('NOT_REGISTERED');
    expect(keyProblem({ keyId: 'k2' }, qualified, NOW)).toBe('NOT_REGISTERED');
    expect(keyProblem({ keyId: 'k1' }, { ...qualified, level: 'SIMPLE', certificateNotAfter: null }, NOW)).toBe('NOT_QUALIFIED');
    expect(keyProblem({ keyId: 'k1' }, { ...qualified, revokedAt: '2026-11-30T00:00:00Z' }, NOW)).toBe('REVOKED');
    expect(keyProblem({ keyId: 'k1' }, { ...qualified, certificateNotAfter: '2026-12-01T12:00:00Z' }, NOW)).toBe('EXPIRED');
  });
});

describe('the organization a certificate names', () => {
  it('reads O from the subject, wherever it stands', () => {
    expect(organizationOf('CN=Gulnara Mamytova, O=GRS, 2.5.4.5=11107198700042')).toBe('GRS');
    expect(organizationOf('O=MVD, CN=Azamat Sydykov')).toBe('MVD');
  });

  it('is null when none is named (a citizen certificate) or the subject is unknown; OU is not O', () => {
    expect(organizationOf('CN=Aigul Asanova, 2.5.4.5=11505199012345')).toBeNull();
    expect(organizationOf('CN=X, OU=GRS')).toBeNull();
    expect(organizationOf(null)).toBeNull();
  });
});

describe('certificates in pasted text', () => {
  const pem = (body: string) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`;

  it('finds each PEM block in order, dropping what surrounds them', () => {
    expect(certificatesIn(`Your chain:\n${pem('AAAA')}\n\n  ${pem('BBBB')}\nthanks`)).toEqual([`${pem('AAAA')}\n`, `${pem('BBBB')}\n`]);
  });

  it('finds none in text without a complete block', () => {
    expect(certificatesIn('')).toEqual([]);
    expect(certificatesIn('-----BEGIN CERTIFICATE-----\nAAAA')).toEqual([]);
  });
});
