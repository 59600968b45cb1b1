/** Registration numbers of applications and of result documents: a prefix, the Bishkek year, a sequence. */
import { localDateOf } from '../calendar/working-calendar.rules';

function numbered(prefix: string, at: Date, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`sequence must be a positive whole number, got ${sequence}`);
  return `${prefix}-${localDateOf(at).slice(0, 4)}-${String(sequence).padStart(6, '0')}`;
}

/** e.g. KG-2026-000123: the year of submission in Bishkek; the sequence never repeats, whatever the year. */
export function applicationNumber(submittedAt: Date, sequence: number): string {
  return numbered('KG', submittedAt, sequence);
}

/** e.g. DOC-2026-000045: the year of issue in Bishkek. */
export function documentNumber(issuedAt: Date, sequence: number): string {
  return numbered('DOC', issuedAt, sequence);
}

export const DOCUMENT_NUMBER_PATTERN = /^DOC-\d{4}-\d{6,}$/;
