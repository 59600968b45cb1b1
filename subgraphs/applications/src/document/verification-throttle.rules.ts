/**
 * A throttle on wrong verification codes, per client address: a code has 100 random bits, so this
 * is defence in depth, and it never touches verification without a code or with the right one.
 */
import type { LocalizedText } from '@portal/kit';

/** Wrong codes are counted in windows of this length from the first one. */
export const VERIFICATION_FAILURE_WINDOW_SECONDS = 15 * 60;
/** Wrong codes from one address per window; generous for people typing codes off paper. */
export const MAX_VERIFICATION_FAILURES = 30;

export interface FailureWindow {
  windowStartedAt: Date;
  failures: number;
}

export type ThrottleVerdict = { limited: false } | { limited: true; retryAfterSeconds: number };

/** Whether the address may try another code now. */
export function verificationThrottleVerdict(window: FailureWindow | null, now: Date): ThrottleVerdict {
  if (!window) return { limited: false };
  const endsAt = window.windowStartedAt.getTime() + VERIFICATION_FAILURE_WINDOW_SECONDS * 1000;
  if (endsAt <= now.getTime() || window.failures < MAX_VERIFICATION_FAILURES) return { limited: false };
  return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)) };
}

/** The bucket of an address; callers without one (they should not exist behind the gateway) share one. */
export function throttleClientKey(ip: string | null | undefined): string {
  const trimmed = typeof ip === 'string' ? ip.trim().slice(0, 64) : '';
  return trimmed === '' ? 'unknown' : trimmed;
}

export const TOO_MANY_WRONG_CODES = (minutes: number): LocalizedText => ({
  ru: `Слишком много неверных кодов проверки с вашего адреса. Попробуйте снова через ${minutes} мин. и введите код так, как он напечатан на документе.`,
  ky: `Сиздин дарегиңизден текшерүү коду өтө көп жолу туура эмес киргизилди. ${minutes} мүнөттөн кийин кайра аракет кылып, кодду документте басылгандай киргизиңиз.`,
});
