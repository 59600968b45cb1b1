// What the browser checks as the applicant types, from the rules the schema gives each form field
// (required, lengths, bounds, pattern, options, the format of PIN/phone/email/date). The server checks
// everything again on saveDraft and submit (the PIN's date, for one): its messages win when it answers.

export type FieldType = 'BOOLEAN' | 'DATE' | 'EMAIL' | 'FILE' | 'NUMBER' | 'PHONE' | 'PIN' | 'SELECT' | 'TEXT';

export interface FieldRules {
  name: string;
  type: FieldType;
  required: boolean;
  minLength?: number | null;
  maxLength?: number | null;
  min?: number | null;
  max?: number | null;
  pattern?: string | null;
  options?: ReadonlyArray<{ value: string }> | null;
}

/** A problem as a message key of the app's texts with its parameters (the page words it in the user's language). */
export interface FieldProblem {
  key:
    | 'field.required'
    | 'field.minLength'
    | 'field.maxLength'
    | 'field.min'
    | 'field.max'
    | 'field.pattern'
    | 'field.option'
    | 'field.number'
    | 'field.pin'
    | 'field.phone'
    | 'field.email'
    | 'field.date';
  params?: Record<string, number>;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// the kit's isValidPhone: Kyrgyz numbers in E.164 (+996 and nine digits), spaces, dashes and brackets allowed
const PHONE = /^\+996[1-9]\d{8}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** The first rule `value` breaks, or null; absent values break only `required`. */
export function fieldProblem(field: FieldRules, value: unknown): FieldProblem | null {
  if (field.type === 'BOOLEAN') return field.required && value !== true ? { key: 'field.required' } : null;
  if (isMissing(value)) return field.required ? { key: 'field.required' } : null;
  switch (field.type) {
    case 'TEXT': {
      const text = String(value);
      const length = [...text].length;
      if (field.minLength != null && length < field.minLength) return { key: 'field.minLength', params: { min: field.minLength, length } };
      if (field.maxLength != null && length > field.maxLength) return { key: 'field.maxLength', params: { max: field.maxLength, length } };
      if (field.pattern != null && !matches(field.pattern, text)) return { key: 'field.pattern' };
      return null;
    }
    case 'NUMBER': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return { key: 'field.number' };
      if (field.min != null && value < field.min) return { key: 'field.min', params: { min: field.min } };
      if (field.max != null && value > field.max) return { key: 'field.max', params: { max: field.max } };
      return null;
    }
    case 'SELECT':
      return (field.options ?? []).some((option) => option.value === value) ? null : { key: 'field.option' };
    case 'PIN':
      return /^\d{14}$/.test(String(value).trim()) ? null : { key: 'field.pin' };
    case 'PHONE':
      return PHONE.test(String(value).trim().replace(/[\s()-]/g, '')) ? null : { key: 'field.phone' };
    case 'EMAIL':
      return EMAIL.test(String(value).trim()) ? null : { key: 'field.email' };
    case 'DATE':
      return isCalendarDate(String(value)) ? null : { key: 'field.date' };
    case 'FILE':
      return null; // attached files are checked by the server (their metadata only travels in data)
    default:
      return null;
  }
}

/** The value as the form data stores it: numbers as numbers, empty text as null (a cleared field). */
export function storedValue(type: FieldType, raw: string | boolean): unknown {
  if (type === 'BOOLEAN') return raw === true;
  const text = String(raw);
  if (text.trim() === '') return null;
  // only a complete number becomes one: "12." stays text while it is typed (and is reported as not a number yet)
  if (type === 'NUMBER') return /^\s*-?\d+([.,]\d+)?\s*$/.test(text) ? Number(text.trim().replace(',', '.')) : text;
  return text;
}

function matches(pattern: string, value: string): boolean {
  try {
    // anchored and Unicode, as the kit's compileFieldPattern does on the server
    return new RegExp(`^(?:${pattern})$`, 'u').test(value);
  } catch {
    return true; // a broken pattern is the form's fault; the server reports it, not the applicant
  }
}

function isCalendarDate(value: string): boolean {
  const parts = ISO_DATE.exec(value);
  if (!parts) return false;
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}
