/**
 * Receipt numbers: `R-<year>-<running number of that year>`, at least six digits, e.g.
 * R-2026-000001. The year is the Bishkek calendar year of the payment, so a payment at 01:00 on
 * 1 January in Bishkek (still 31 December in UTC) opens the new year's series.
 */

const BISHKEK_UTC_OFFSET_MS = 6 * 60 * 60 * 1000;

export function bishkekYearOf(at: Date): number {
  if (Number.isNaN(at.getTime())) throw new RangeError('the payment time must be a valid Date');
  return new Date(at.getTime() + BISHKEK_UTC_OFFSET_MS).getUTCFullYear();
}

export function formatReceiptNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`year out of range: ${year}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`the running number must be a whole number from 1, got ${sequence}`);
  return `R-${year}-${String(sequence).padStart(6, '0')}`;
}
