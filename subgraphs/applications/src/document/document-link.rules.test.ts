import { DocumentLinks } from './document-link.rules';

const links = new DocumentLinks('secret', 60);
const base = 'https://portal.test/documents/';
const issuedAt = new Date('2026-11-22T10:00:00Z');

function parts(url: string) {
  const parsed = new URL(url);
  return { number: decodeURIComponent(parsed.pathname.split('/').pop()!), expires: parsed.searchParams.get('expires'), signature: parsed.searchParams.get('signature') };
}

describe('DocumentLinks', () => {
  it('signs a link that checks out until it expires', () => {
    const url = links.urlFor(base, 'DOC-2026-000001', issuedAt);
    expect(url).toMatch(/^https:\/\/portal\.test\/documents\/DOC-2026-000001\?expires=\d+&signature=[\w-]+$/);
    const { number, expires, signature } = parts(url);
    expect(links.isValid(number, expires, signature, new Date(issuedAt.getTime() + 59_000))).toBe(true);
    expect(links.isValid(number, expires, signature, new Date(issuedAt.getTime() + 61_000))).toBe(false);
  });

  it('refuses a link for another document, a moved expiry, another secret, or missing parts', () => {
    const { number, expires, signature } = parts(links.urlFor(base, 'DOC-2026-000001', issuedAt));
    expect(links.isValid('DOC-2026-000002', expires, signature, issuedAt)).toBe(false);
    expect(links.isValid(number, String(Number(expires) + 3600), signature, issuedAt)).toBe(false);
    expect(new DocumentLinks('other').isValid(number, expires, signature, issuedAt)).toBe(false);
    expect(links.isValid(number, null, signature, issuedAt)).toBe(false);
    expect(links.isValid(number, expires, null, issuedAt)).toBe(false);
    expect(links.isValid(number, 'soon', signature, issuedAt)).toBe(false);
  });

  it('refuses an empty secret', () => {
    expect(() => new DocumentLinks('')).toThrow('must not be empty');
  });
});
