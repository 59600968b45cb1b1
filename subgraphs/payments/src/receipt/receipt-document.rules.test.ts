import { escapeHtml, formatAmount, formatBishkekTime, renderReceiptHtml } from './receipt-document.rules';

describe('receipt document', () => {
  it('formats tyiyn as som with two decimals', () => {
    expect(formatAmount(50000, 'KGS')).toBe('500.00 KGS');
    expect(formatAmount(12305, 'KGS')).toBe('123.05 KGS');
    expect(formatAmount(7, 'KGS')).toBe('0.07 KGS');
  });

  it('shows Bishkek time (UTC+6)', () => {
    expect(formatBishkekTime(new Date('2026-11-20T20:30:00Z'))).toBe('2026-11-21 02:30');
  });

  it('escapes what it prints', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const html = renderReceiptHtml(
      { number: 'R-1', uin: 'U<1>', payerPin: '21203199000123', purpose: { ky: 'төлөм', ru: 'оплата' }, amountMinor: 100, currency: 'KGS', paidAt: new Date(), transactionId: 'T' },
      'KY',
    );
    expect(html).toContain('<html lang="ky">');
    expect(html).toContain('U&lt;1&gt;');
    expect(html).toContain('төлөм');
    expect(html).not.toContain('оплата');
  });
});
