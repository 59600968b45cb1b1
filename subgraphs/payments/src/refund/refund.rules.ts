/**
 * When a paid fee goes back to the payer, and what a refund request may do. Applications decides
 * the outcome (withdrawn, refused); the service standard says whether a refusal returns the fee;
 * payments only follows. Pure: no GraphQL, no ORM, no I/O.
 */
import type { LocalizedText } from '@portal/kit';
import type { AccrualStatusCode } from '../accrual/accrual.rules';

export const REFUND_STATUSES = ['REQUESTED', 'COMPLETED', 'FAILED'] as const;
export type RefundStatusCode = (typeof REFUND_STATUSES)[number];

/** The applicant withdrew before a decision: nothing was provided, so the fee goes back. */
export const WITHDRAWN_REASON: LocalizedText = {
  ky: 'Арыз ээси өтүнмөнү чечим кабыл алынганга чейин кайтарып алды; төлөм кайтарылат.',
  ru: 'Заявитель отозвал заявление до принятия решения; оплата возвращается.',
};

/** The provider refused, and the service standard returns the fee on refusal. */
export const REFUSED_REASON: LocalizedText = {
  ky: 'Кызмат көрсөтүүдөн баш тартылды; кызматтын стандартына ылайык төлөм кайтарылат.',
  ru: 'В предоставлении услуги отказано; по стандарту услуги оплата возвращается.',
};

/** What one application status change means for a paid fee. */
export function refundReasonFor(
  change: { to: string },
  accrualStatus: AccrualStatusCode,
  policy: { feeReturnedOnRefusal: boolean } | null,
): LocalizedText | null {
  if (accrualStatus !== 'PAID') return null;
  if (change.to === 'WITHDRAWN') return WITHDRAWN_REASON;
  if (change.to === 'REFUSED' && policy?.feeReturnedOnRefusal === true) return REFUSED_REASON;
  return null;
}

export const NOTHING_PAID_TO_REFUND = 'This accrual was not paid, so there is nothing to refund: a refund returns a confirmed payment only.';
export const ALREADY_REFUNDED = 'This accrual was already refunded; a fee is returned once.';

export type RefundDecision =
  | { kind: 'create' }
  /** The same refund asked for again (a replayed event, a retry): answer with the one that exists. */
  | { kind: 'existing'; refundId: string }
  | { kind: 'refuse'; message: string };

/**
 * Whether a refund of this accrual may be requested now. One refund per accrual: a second request
 * finds the first, whatever its state; an accrual that was never paid has nothing to return.
 */
export function decideRefund(accrual: { status: AccrualStatusCode }, existing: { id: string } | null): RefundDecision {
  if (existing) return { kind: 'existing', refundId: existing.id };
  if (accrual.status === 'REFUNDED') return { kind: 'refuse', message: ALREADY_REFUNDED };
  if (accrual.status !== 'PAID') return { kind: 'refuse', message: NOTHING_PAID_TO_REFUND };
  return { kind: 'create' };
}

export const MAX_REFUND_REASON_LENGTH = 2000;
export const ONLY_THE_PROVIDER_REFUNDS = "Only an officer of the provider that charged the fee can return it.";
export const REFUND_REASON_NEEDED = `Say why the fee is returned: a reason of 1 to ${MAX_REFUND_REASON_LENGTH} characters, shown to the payer.`;
export const ALREADY_REFUNDED_OTHERWISE = 'A refund of this accrual was already requested for another reason; a fee is returned once. Its status is on the accrual.';

/** Who may return a fee by hand: an officer of the provider that charged it (not the payer, not the operator). */
export function canRequestRefund(caller: { roles: readonly string[]; providerId: string | null }, accrual: { providerId: string }): boolean {
  return caller.roles.includes('PROVIDER_OFFICER') && caller.providerId !== null && caller.providerId.toLowerCase() === accrual.providerId.toLowerCase();
}

/**
 * A refund asked for by hand, against what exists: the same request again (same reason) is a retry
 * and gets the refund that exists; another reason for an accrual already refunded is refused.
 */
export function decideRequestedRefund(
  accrual: { status: AccrualStatusCode },
  existing: { id: string; reason: string } | null,
  reason: string,
): RefundDecision {
  if (existing) return existing.reason === reason ? { kind: 'existing', refundId: existing.id } : { kind: 'refuse', message: ALREADY_REFUNDED_OTHERWISE };
  return decideRefund(accrual, null);
}

/** Refund receipt numbers: `RF-<Bishkek year>-<running number of that year>`, e.g. RF-2026-000001. */
export function formatRefundReceiptNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`year out of range: ${year}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`the running number must be a whole number from 1, got ${sequence}`);
  return `RF-${year}-${String(sequence).padStart(6, '0')}`;
}

export interface RefundConfirmation {
  refundId: string;
  uin: string;
  paymentTransactionId: string;
  refundTransactionId: string;
  amountMinor: number;
  completedAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRANSACTION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** The payment system's (already authenticated) refund confirmation, or what is wrong with it. */
export function parseRefundConfirmation(raw: string): { ok: true; confirmation: RefundConfirmation } | { ok: false; problem: string } {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { ok: false, problem: 'the confirmation is not JSON' };
  }
  if (typeof body !== 'object' || body === null) return { ok: false, problem: 'the confirmation is not a JSON object' };
  const { refundId, uin, paymentTransactionId, refundTransactionId, amountMinor, status, completedAt } = body as Record<string, unknown>;
  if (typeof refundId !== 'string' || !UUID.test(refundId)) return { ok: false, problem: 'refundId must be a UUID' };
  if (typeof uin !== 'string' || !/^\d{20}$/.test(uin)) return { ok: false, problem: 'uin must be 20 digits' };
  if (typeof paymentTransactionId !== 'string' || !TRANSACTION_ID.test(paymentTransactionId)) return { ok: false, problem: 'paymentTransactionId is malformed' };
  if (typeof refundTransactionId !== 'string' || !TRANSACTION_ID.test(refundTransactionId)) return { ok: false, problem: 'refundTransactionId is malformed' };
  if (typeof amountMinor !== 'number' || !Number.isSafeInteger(amountMinor) || amountMinor <= 0) return { ok: false, problem: 'amountMinor must be a positive whole number' };
  if (status !== 'COMPLETED') return { ok: false, problem: `status must be COMPLETED; got ${JSON.stringify(status)}` };
  const at = typeof completedAt === 'string' ? new Date(completedAt) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) return { ok: false, problem: 'completedAt must be an ISO-8601 date-time' };
  return { ok: true, confirmation: { refundId: refundId.toLowerCase(), uin, paymentTransactionId, refundTransactionId, amountMinor, completedAt: at } };
}

/** Whether a confirmation is the one for this refund: same refund, accrual, payment and amount. */
export function confirmationProblem(
  confirmation: RefundConfirmation,
  expected: { refundId: string; uin: string; paymentTransactionId: string; amountMinor: number },
): string | null {
  if (confirmation.refundId !== expected.refundId) return 'the confirmation names another refund';
  if (confirmation.uin !== expected.uin) return 'the confirmation names another UIN';
  if (confirmation.paymentTransactionId !== expected.paymentTransactionId) return 'the confirmation names another payment';
  if (confirmation.amountMinor !== expected.amountMinor) return `the confirmation returns ${confirmation.amountMinor} tyiyn, not the ${expected.amountMinor} paid`;
  return null;
}
