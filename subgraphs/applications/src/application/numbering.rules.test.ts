import { applicationNumber, DOCUMENT_NUMBER_PATTERN, documentNumber } from './numbering.rules';

describe('registration numbers', () => {
  it('put the Bishkek year and a zero-padded sequence after the prefix', () => {
    expect(applicationNumber(new Date('2026-03-02T09:00:00+06:00'), 123)).toBe('KG-2026-000123');
    expect(documentNumber(new Date('2026-03-02T09:00:00+06:00'), 45)).toBe('DOC-2026-000045');
    expect(DOCUMENT_NUMBER_PATTERN.test('DOC-2026-000045')).toBe(true);
  });

  it('take the year in Bishkek time, not UTC', () => {
    // 31 Dec 2025 19:00 UTC is already 1 Jan 2026 in Bishkek
    expect(applicationNumber(new Date('2025-12-31T19:00:00Z'), 1)).toBe('KG-2026-000001');
  });

  it('grow past six digits rather than wrap', () => {
    expect(applicationNumber(new Date('2026-05-01T00:00:00Z'), 1234567)).toBe('KG-2026-1234567');
  });

  it('refuse a sequence that is not a positive whole number', () => {
    expect(() => applicationNumber(new Date(), 0)).toThrow(RangeError);
    expect(() => documentNumber(new Date(), 1.5)).toThrow(RangeError);
  });
});
