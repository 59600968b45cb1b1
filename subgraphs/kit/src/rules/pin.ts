/**
 * Identifiers and contacts of portal users: the 14-digit personal identification number (PIN) of an
 * individual, the 14-digit tax number (INN) of a legal entity, Kyrgyz phone numbers and email
 * addresses. Pure functions, no I/O.
 *
 * An individual's PIN is laid out as G DDMMYYYY NNNNN: G is the gender digit (1 female, 2 male),
 * DDMMYYYY the birth date, NNNNN a serial number.
 */

export type PinKind = 'INDIVIDUAL' | 'LEGAL_ENTITY';

export type PinProblemCode = 'PIN_FORMAT' | 'PIN_GENDER_DIGIT' | 'PIN_BIRTH_DATE';

export interface PinProblem {
  code: PinProblemCode;
  message: { ky: string; ru: string };
}

export interface PinValidationOptions {
  /** The moment "now" for the not-in-the-future check; defaults to the current time. */
  today?: Date;
}

export const PIN_LENGTH = 14;
export const EARLIEST_BIRTH_YEAR = 1900;

// Kyrgyzstan has kept UTC+06:00 all year since 2005, so a fixed offset gives the local date exactly.
const BISHKEK_UTC_OFFSET_MS = 6 * 60 * 60 * 1000;

const FOURTEEN_DIGITS = /^\d{14}$/;

const PIN_PROBLEMS: Record<PinProblemCode | 'INN_FORMAT', PinProblem['message']> = {
  PIN_FORMAT: {
    ru: 'ПИН должен состоять из 14 цифр. Введите 14 цифр без пробелов, точек и других знаков.',
    ky: 'ПИН 14 сандан турушу керек. 14 санды бош орунсуз, чекитсиз жана башка белгилерсиз жазыңыз.',
  },
  INN_FORMAT: {
    ru: 'ИНН организации должен состоять из 14 цифр. Введите 14 цифр без пробелов, точек и других знаков.',
    ky: 'Уюмдун ИСНи 14 сандан турушу керек. 14 санды бош орунсуз, чекитсиз жана башка белгилерсиз жазыңыз.',
  },
  PIN_GENDER_DIGIT: {
    ru: 'Первая цифра ПИН должна быть 1 (женский пол) или 2 (мужской пол). Сверьте ПИН с паспортом и исправьте его.',
    ky: 'ПИНдин биринчи саны 1 (аял) же 2 (эркек) болушу керек. ПИНди паспортуңуз менен салыштырып, оңдоңуз.',
  },
  PIN_BIRTH_DATE: {
    ru:
      'Цифры ПИН со 2-й по 9-ю означают дату рождения в виде ДДММГГГГ (день, месяц, год), но здесь они ' +
      'не образуют существующую дату между 1900 годом и сегодняшним днём. Сверьте ПИН с паспортом и исправьте его.',
    ky:
      'ПИНдин 2–9-сандары ККААЖЖЖЖ (күн, ай, жыл) түрүндөгү туулган күндү билдирет, бирок бул жерде алар ' +
      '1900-жылдан бүгүнкү күнгө чейинки чыныгы датаны түзбөйт. ПИНди паспортуңуз менен салыштырып, оңдоңуз.',
  },
};

function problem(code: PinProblemCode, messageKey: keyof typeof PIN_PROBLEMS = code): PinProblem {
  const message = PIN_PROBLEMS[messageKey];
  return { code, message: { ky: message.ky, ru: message.ru } };
}

/** 'YYYY-MM-DD' of the given instant in Bishkek. */
function bishkekDateOf(instant: Date): string {
  return new Date(instant.getTime() + BISHKEK_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

function isRealCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** The birth date encoded in digits 2-9 of an individual's PIN as 'YYYY-MM-DD', or null if they are not a real date. */
export function birthDateFromPin(pin: string): string | null {
  if (typeof pin !== 'string' || !FOURTEEN_DIGITS.test(pin)) return null;
  const day = Number(pin.slice(1, 3));
  const month = Number(pin.slice(3, 5));
  const year = Number(pin.slice(5, 9));
  if (!isRealCalendarDate(year, month, day)) return null;
  return `${pin.slice(5, 9)}-${pin.slice(3, 5)}-${pin.slice(1, 3)}`;
}

/**
 * Checks a PIN (individual) or INN (legal entity) and returns the first problem found, or null when
 * it is valid. For individuals: 14 digits, gender digit 1 or 2, a real birth date from 1900 up to today.
 * For legal entities only the 14-digit format is checked: the first digit varies between registries.
 */
export function validatePin(pin: string, kind: PinKind, options: PinValidationOptions = {}): PinProblem | null {
  if (typeof pin !== 'string' || !FOURTEEN_DIGITS.test(pin)) {
    return problem('PIN_FORMAT', kind === 'LEGAL_ENTITY' ? 'INN_FORMAT' : 'PIN_FORMAT');
  }
  if (kind === 'LEGAL_ENTITY') return null;

  if (pin[0] !== '1' && pin[0] !== '2') return problem('PIN_GENDER_DIGIT');

  const birthDate = birthDateFromPin(pin);
  if (birthDate === null) return problem('PIN_BIRTH_DATE');
  const today = bishkekDateOf(options.today ?? new Date());
  // ISO dates compare correctly as strings.
  if (birthDate < `${EARLIEST_BIRTH_YEAR}-01-01` || birthDate > today) return problem('PIN_BIRTH_DATE');
  return null;
}

// ------------------------------------------------------------------ phone

const PHONE_SEPARATORS = /[\s\-()]/g;
const KYRGYZ_E164 = /^\+996[1-9]\d{8}$/;

/**
 * A Kyrgyz phone number as '+996XXXXXXXXX' (E.164), or null. Spaces, dashes and parentheses are
 * dropped, so '+996 (555) 12-34-56' is accepted; the '+996' country code is required.
 */
export function normalizePhone(phone: string): string | null {
  if (typeof phone !== 'string') return null;
  const compact = phone.trim().replace(PHONE_SEPARATORS, '');
  return KYRGYZ_E164.test(compact) ? compact : null;
}

const E164 = /^\+[1-9]\d{7,14}$/;
const KYRGYZ_NATIONAL = /^0([1-9]\d{8})$/;

/**
 * A phone number for notices and codes as E.164: a Kyrgyz number ('+996 700 123 456', or the national
 * form '0700 123 456') or any international one ('+7 912 345 67 89'); null when it is neither.
 */
export function normalizeContactPhone(phone: string): string | null {
  if (typeof phone !== 'string') return null;
  const compact = phone.trim().replace(PHONE_SEPARATORS, '').replace(/^00/, '+');
  const national = KYRGYZ_NATIONAL.exec(compact);
  if (national) return `+996${national[1]}`;
  if (compact.startsWith('+996')) return KYRGYZ_E164.test(compact) ? compact : null;
  return E164.test(compact) ? compact : null;
}

export function isValidPhone(phone: string): boolean {
  return normalizePhone(phone) !== null;
}

// ------------------------------------------------------------------ email

const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
const MAX_DOMAIN_LABEL_LENGTH = 63;
// RFC 5322 dot-atom local part; quoted local parts and IP-literal domains are deliberately not accepted.
const DOT_ATOM_LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const TOP_LEVEL_DOMAIN = /^(?:[a-z]{2,}|xn--[a-z0-9-]+)$/;

/**
 * The email address trimmed and lower-cased, or null when it is not a plausible address: a dot-atom
 * local part, '@', and a domain of at least two ASCII labels (IDN domains in punycode) with an
 * alphabetic top-level label.
 */
export function normalizeEmail(email: string): string | null {
  if (typeof email !== 'string') return null;
  const candidate = email.trim().toLowerCase();
  if (candidate.length === 0 || candidate.length > MAX_EMAIL_LENGTH) return null;

  const at = candidate.lastIndexOf('@');
  if (at <= 0) return null;
  const localPart = candidate.slice(0, at);
  const domain = candidate.slice(at + 1);
  if (localPart.length > MAX_LOCAL_PART_LENGTH || !DOT_ATOM_LOCAL_PART.test(localPart)) return null;

  const labels = domain.split('.');
  if (labels.length < 2) return null;
  const labelsValid = labels.every((label) => label.length <= MAX_DOMAIN_LABEL_LENGTH && DOMAIN_LABEL.test(label));
  if (!labelsValid || !TOP_LEVEL_DOMAIN.test(labels[labels.length - 1])) return null;
  return candidate;
}

export function isValidEmail(email: string): boolean {
  return normalizeEmail(email) !== null;
}
