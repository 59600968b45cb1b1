/**
 * Verification codes of result documents (R-48, R-49: documents stay confidential). The document
 * number is human-readable and runs in sequence, so it grants nothing: the code, random and printed
 * on the document, is what verifyDocument needs to say more than valid/invalid.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 symbols without the look-alikes 0/O and 1/I, so a code read off paper is typed back right. */
export const VERIFICATION_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** 20 symbols of 5 bits: 100 random bits, far beyond guessing at any request rate. */
export const VERIFICATION_CODE_LENGTH = 20;
const GROUP = 4;
/** Longer input is not a code (with separators a code is 24 characters). */
const MAX_INPUT_LENGTH = 64;

/** A new code, e.g. `K7QM-2XWD-9HTR-PB4N-ZC8E`; `random` only for tests. */
export function newVerificationCode(random: (size: number) => Buffer = randomBytes): string {
  const bytes = random(VERIFICATION_CODE_LENGTH);
  if (bytes.length < VERIFICATION_CODE_LENGTH) throw new RangeError(`need ${VERIFICATION_CODE_LENGTH} random bytes, got ${bytes.length}`);
  // 256 is a multiple of 32: the low 5 bits of a uniform byte are uniform
  const symbols = [...bytes.subarray(0, VERIFICATION_CODE_LENGTH)].map((byte) => VERIFICATION_CODE_ALPHABET[byte & 31]);
  const groups: string[] = [];
  for (let i = 0; i < symbols.length; i += GROUP) groups.push(symbols.slice(i, i + GROUP).join(''));
  return groups.join('-');
}

/** The code's symbols as typed: case, spaces and hyphens do not matter; null when it cannot be a code. */
export function normalizeVerificationCode(input: string | null | undefined): string | null {
  if (typeof input !== 'string' || input.length > MAX_INPUT_LENGTH) return null;
  const symbols = input.toUpperCase().replace(/[\s-]+/g, '');
  if (symbols.length !== VERIFICATION_CODE_LENGTH) return null;
  return [...symbols].every((symbol) => VERIFICATION_CODE_ALPHABET.includes(symbol)) ? symbols : null;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Whether `given` is the document's code; compares in constant time (digests of equal length). */
export function verificationCodeMatches(stored: string, given: string | null | undefined): boolean {
  const expected = normalizeVerificationCode(stored);
  const typed = normalizeVerificationCode(given);
  // compare even when the input is no code at all, so the time says nothing about why it failed
  const same = timingSafeEqual(digest(expected ?? ''), digest(typed ?? '-'));
  return expected !== null && typed !== null && same;
}
