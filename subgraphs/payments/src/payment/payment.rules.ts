/**
 * Payment sessions: one visit of the payer to the payment page of the State Electronic Payment
 * System (SEPS) for one accrual. The accrual is what is owed; a session only says where to pay it.
 */
import type { AccrualStatusCode } from '../accrual/accrual.rules';

export const PAYMENT_SESSION_STATUSES = ['OPEN', 'PAID', 'FAILED'] as const;
export type PaymentSessionStatusCode = (typeof PAYMENT_SESSION_STATUSES)[number];

export const PAYMENT_SESSION_TTL_MS = 30 * 60 * 1000;
/** An open session is handed out again only while the payer still has this long to finish paying. */
export const MIN_REMAINING_TO_REUSE_MS = 5 * 60 * 1000;

export interface SessionLike {
  status: PaymentSessionStatusCode;
  expiresAt: Date;
}

export function sessionExpiry(now: Date): Date {
  return new Date(now.getTime() + PAYMENT_SESSION_TTL_MS);
}

/**
 * The open session to hand out again instead of opening a new one (so pressing "pay" twice does not
 * open two payment pages for one fee), or null. The one that lasts longest wins.
 */
export function reusableSession<T extends SessionLike>(sessions: readonly T[], now: Date): T | null {
  let best: T | null = null;
  for (const session of sessions) {
    if (session.status !== 'OPEN') continue;
    if (session.expiresAt.getTime() - now.getTime() < MIN_REMAINING_TO_REUSE_MS) continue;
    if (!best || session.expiresAt.getTime() > best.expiresAt.getTime()) best = session;
  }
  return best;
}

export const ALREADY_PAID = 'This accrual is already paid: its receipt is in your cabinet, there is nothing more to pay.';
export const CANCELLED_NOTHING_TO_PAY =
  'This accrual was cancelled because the application was withdrawn or closed, so there is nothing to pay.';
export const REFUNDED_NOTHING_TO_PAY = 'This accrual was paid and then refunded; there is nothing to pay.';

/** Why an accrual in this status cannot be paid (a CONFLICT for the client), or null when it can. */
export function whyNotPayable(status: AccrualStatusCode): string | null {
  switch (status) {
    case 'PENDING':
      return null;
    case 'PAID':
      return ALREADY_PAID;
    case 'CANCELLED':
      return CANCELLED_NOTHING_TO_PAY;
    case 'REFUNDED':
      return REFUNDED_NOTHING_TO_PAY;
  }
}

/** The payment page of a session at SEPS; SEPS serves it, the portal only links to it. */
export function paymentPageUrl(sepsBaseUrl: string, sessionId: string): string {
  return `${sepsBaseUrl.replace(/\/+$/, '')}/pay/${encodeURIComponent(sessionId)}`;
}

/** Where SEPS sends its signed confirmations (the route of seps-callback.route.ts). */
export function callbackUrlOf(paymentsPublicUrl: string): string {
  return `${paymentsPublicUrl.replace(/\/+$/, '')}/callbacks/seps`;
}
