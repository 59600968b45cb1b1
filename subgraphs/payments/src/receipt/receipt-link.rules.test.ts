import { ReceiptLinks } from './receipt-link.rules';

const links = new ReceiptLinks({ gatewayUrl: 'https://portal.test/', secret: 'secret', ttlSeconds: 60 });
const issuedAt = new Date('2026-11-22T10:00:00Z');

function parts(url: string) {
  const parsed = new URL(url);
  return { number: decodeURIComponent(parsed.pathname.split('/').pop()!), expires: parsed.searchParams.get('expires'), signature: parsed.searchParams.get('signature') };
}

describe('ReceiptLinks', () => {
  it('signs a link that checks out until it expires', () => {
    const url = links.urlFor('R 1/2', 'RU', issuedAt);
    expect(url).toMatch(/^https:\/\/portal\.test\/files\/payments\/receipts\/R%201%2F2\?lang=ru&expires=\d+&signature=[\w-]+$/);
    expect(links.urlFor('R-1', 'KY', issuedAt, 'pdf')).toMatch(/^https:\/\/portal\.test\/files\/payments\/receipts\/R-1\?lang=ky&format=pdf&expires=\d+&signature=[\w-]+$/);
    const { number, expires, signature } = parts(url);
    expect(links.isValid(number, expires, signature, new Date(issuedAt.getTime() + 59_000))).toBe(true);
    expect(links.isValid(number, expires, signature, new Date(issuedAt.getTime() + 61_000))).toBe(false);
  });

  it('refuses a link for another receipt, a moved expiry or another secret', () => {
    const { number, expires, signature } = parts(links.urlFor('R-1', 'KY', issuedAt));
    expect(links.isValid('R-2', expires, signature, issuedAt)).toBe(false);
    expect(links.isValid(number, String(Number(expires) + 3600), signature, issuedAt)).toBe(false);
    expect(new ReceiptLinks({ gatewayUrl: 'https://portal.test', secret: 'other' }).isValid(number, expires, signature, issuedAt)).toBe(false);
    expect(links.isValid(number, null, signature, issuedAt)).toBe(false);
    expect(links.isValid(number, 'soon', signature, issuedAt)).toBe(false);
  });
});
