import { bishkekYearOf, formatReceiptNumber } from './receipt-number.rules';

describe('receipt numbers', () => {
  it('pads the running number to six digits and keeps growing past them', () => {
    expect(formatReceiptNumber(2026, 1)).toBe('R-2026-000001');
    expect(formatReceiptNumber(2026, 1234567)).toBe('R-2026-1234567');
  });

  it('refuses impossible parts', () => {
    expect(() => formatReceiptNumber(2026, 0)).toThrow(RangeError);
    expect(() => formatReceiptNumber(26, 1)).toThrow(RangeError);
  });

  it('counts the year in Bishkek time', () => {
    expect(bishkekYearOf(new Date('2026-12-31T18:30:00Z'))).toBe(2027);
    expect(bishkekYearOf(new Date('2026-12-31T17:59:59Z'))).toBe(2026);
  });
});
