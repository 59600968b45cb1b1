/**
 * Rules of contacts and one-time codes: what a valid email or phone is, how many codes may be asked
 * for, whether a typed code may still be checked. Pure: no GraphQL, no ORM, no I/O.
 */
import { type LocalizedText, normalizeContactPhone, normalizeEmail } from '@portal/kit';
import { decideThrottle, type ThrottleDecision } from '../throttle/throttle.rules';

export type ContactChannelCode = 'EMAIL' | 'PHONE';
export type CodePurpose = 'VERIFY_EMAIL' | 'VERIFY_PHONE' | 'PASSWORD_RESET';
/** The channel a code travels by (notifications' senders). */
export type CodeChannel = 'EMAIL' | 'SMS';

/** Wrong codes typed against one code before it is spent and a new one must be asked for. */
export const MAX_WRONG_CODE_ATTEMPTS = 5;
/** Codes asked for one purpose (per account, or per login for a reset) within the window. */
export const CODE_REQUEST_LIMIT = 3;
/** Code requests from one network address within the window (resets of any login). */
export const CODE_REQUEST_IP_LIMIT = 20;
export const CODE_REQUEST_WINDOW_MS = 15 * 60 * 1000;

export type ContactCheck = { ok: true; value: string } | { ok: false; code: string; message: LocalizedText };

/** The normalized contact (a lower-cased email; a phone in E.164), or what is wrong with it. */
export function checkContactValue(channel: ContactChannelCode, value: string): ContactCheck {
  if (channel === 'EMAIL') {
    const email = normalizeEmail(value);
    return email
      ? { ok: true, value: email }
      : { ok: false, code: 'EMAIL_FORMAT', message: { ky: 'Электрондук почтанын дареги туура эмес, мисалы: name@example.kg.', ru: 'Неверный адрес электронной почты, пример: name@example.kg.' } };
  }
  const phone = normalizeContactPhone(value);
  return phone
    ? { ok: true, value: phone }
    : {
        ok: false,
        code: 'PHONE_FORMAT',
        message: {
          ky: 'Телефон номерин эл аралык форматта жазыңыз, мисалы: +996 700 123 456 (же 0700 123 456).',
          ru: 'Укажите номер телефона в международном формате, например: +996 700 123 456 (или 0700 123 456).',
        },
      };
}

export const purposeOf = (channel: ContactChannelCode): CodePurpose => (channel === 'EMAIL' ? 'VERIFY_EMAIL' : 'VERIFY_PHONE');
export const codeChannelOf = (channel: ContactChannelCode): CodeChannel => (channel === 'EMAIL' ? 'EMAIL' : 'SMS');

/** The throttle key of code requests: per account and purpose, or per login string for a reset. */
export function codeRequestKey(scope: { userId: string; purpose: CodePurpose } | { resetLogin: string }): string {
  return 'userId' in scope ? `user:${scope.userId}:${scope.purpose}` : `reset:${scope.resetLogin.trim().toLowerCase()}`;
}

/** Whether another code may be sent now, given the newest requests (newest first) under the key and from the address. */
export function decideCodeRequest(byKey: readonly Date[], byIp: readonly Date[], now: Date): ThrottleDecision {
  const key = decideThrottle(byKey, CODE_REQUEST_LIMIT, now, CODE_REQUEST_WINDOW_MS);
  if (key.limited) return key;
  return decideThrottle(byIp, CODE_REQUEST_IP_LIMIT, now, CODE_REQUEST_WINDOW_MS);
}

export interface CodeFacts {
  expiresAt: Date;
  wrongAttempts: number;
  usedAt: Date | null;
  voidedAt: Date | null;
}

export type CodeState = 'OPEN' | 'NONE' | 'EXPIRED' | 'TOO_MANY_WRONG';

/** Whether a typed code may be compared with this one (the newest of its purpose), or why not. */
export function codeState(code: CodeFacts | null, now: Date): CodeState {
  if (!code || code.usedAt || code.voidedAt) return 'NONE';
  if (code.wrongAttempts >= MAX_WRONG_CODE_ATTEMPTS) return 'TOO_MANY_WRONG';
  if (code.expiresAt.getTime() <= now.getTime()) return 'EXPIRED';
  return 'OPEN';
}

/** An address as the cabinet may echo it back: a***@example.kg, +996 *** ** 56. */
export function maskDestination(channel: CodeChannel, destination: string): string {
  if (channel === 'EMAIL') {
    const at = destination.lastIndexOf('@');
    return at <= 0 ? '***' : `${destination[0]}***${destination.slice(at)}`;
  }
  return `${destination.slice(0, 4)}***${destination.slice(-2)}`;
}
