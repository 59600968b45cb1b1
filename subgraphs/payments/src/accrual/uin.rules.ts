/**
 * The unique accrual identifier (UIN) printed on every accrual and receipt, 20 digits:
 *
 *   IIII YYMMDD SSSSSSSSS C
 *   issuer code (4) | accrual date in Bishkek (6) | sequence of the issuer on that day (9) | check digit (1)
 *
 * The check digit is Luhn (mod 10) rather than ISO 7064 MOD 11-10: every bank and payment terminal
 * already implements it for card numbers, so partners can check a UIN without new code. It catches
 * every single mistyped digit and every swap of two adjacent digits except 09 <-> 90.
 */

export interface UinParts {
  /** The 4-digit code of the issuing provider (its budget-code prefix). */
  issuerCode: string;
  /** When the accrual was issued; its Bishkek date goes into the UIN. */
  date: Date;
  /** The issuer's running number for that day, 0..999 999 999. */
  sequence: number;
}

export interface ParsedUin {
  issuerCode: string;
  /** 'YYYY-MM-DD' */
  issuedOn: string;
  sequence: number;
}

export const UIN_LENGTH = 20;
export const MAX_UIN_SEQUENCE = 999_999_999;

// Kyrgyzstan has kept UTC+06:00 all year since 2005, so a fixed offset gives the local date exactly.
const BISHKEK_UTC_OFFSET_MS = 6 * 60 * 60 * 1000;
const ISSUER_CODE = /^\d{4}$/;
const UIN_FORMAT = /^\d{20}$/;

/** The Luhn check digit to append to a string of digits. */
export function luhnCheckDigit(digits: string): number {
  if (!/^\d+$/.test(digits)) throw new RangeError('luhnCheckDigit expects a non-empty string of digits');
  return (10 - luhnSum(digits, true)) % 10;
}

/** Luhn sum mod 10; the rightmost digit is doubled when a check digit is still to be appended. */
function luhnSum(digits: string, rightmostDoubled: boolean): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    const positionFromRight = digits.length - 1 - index;
    let value = digits.charCodeAt(index) - 48;
    if ((positionFromRight % 2 === 0) === rightmostDoubled) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
  }
  return sum % 10;
}

export function makeUin(parts: UinParts): string {
  const { issuerCode, date, sequence } = parts;
  if (typeof issuerCode !== 'string' || !ISSUER_CODE.test(issuerCode)) {
    throw new RangeError(`issuerCode must be exactly 4 digits, got ${JSON.stringify(issuerCode)}`);
  }
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError('date must be a valid Date');
  if (!Number.isSafeInteger(sequence) || sequence < 0 || sequence > MAX_UIN_SEQUENCE) {
    throw new RangeError(`sequence must be a whole number from 0 to ${MAX_UIN_SEQUENCE}, got ${sequence}`);
  }
  const localDate = new Date(date.getTime() + BISHKEK_UTC_OFFSET_MS).toISOString().slice(0, 10);
  const year = Number(localDate.slice(0, 4));
  if (year < 2000 || year > 2099) throw new RangeError(`The UIN holds a two-digit year: ${year} is out of 2000-2099`);

  const yymmdd = localDate.slice(2, 4) + localDate.slice(5, 7) + localDate.slice(8, 10);
  const payload = issuerCode + yymmdd + String(sequence).padStart(9, '0');
  return payload + String(luhnCheckDigit(payload));
}

/** The parts of a valid UIN, or null when it is not one (wrong length, not a real date, bad check digit). */
export function parseUin(uin: string): ParsedUin | null {
  if (typeof uin !== 'string' || !UIN_FORMAT.test(uin) || luhnSum(uin, false) !== 0) return null;
  const year = 2000 + Number(uin.slice(4, 6));
  const month = Number(uin.slice(6, 8));
  const day = Number(uin.slice(8, 10));
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return {
    issuerCode: uin.slice(0, 4),
    issuedOn: probe.toISOString().slice(0, 10),
    sequence: Number(uin.slice(10, 19)),
  };
}

export function isValidUin(uin: string): boolean {
  return parseUin(uin) !== null;
}
