/**
 * The body of a SEPS payment callback and what it may do to an accrual. The signature is checked
 * before any of this (callback-signature.rules.ts); these rules decide on a callback that is
 * authentic, so every refusal here is an anomaly worth a log line (a payment that needs a refund).
 */
import type { AccrualStatusCode } from '../accrual/accrual.rules';
import { isValidUin } from '../accrual/uin.rules';

export interface SepsCallback {
  /** The session the payer paid through; null when SEPS does not say. */
  sessionId: string | null;
  uin: string;
  /** SEPS's own id of the transfer: the idempotency key of confirmations. */
  transactionId: string;
  outcome: 'success' | 'failure';
  amountMinor: number;
  /** When the money was taken; set on success. */
  paidAt: Date | null;
}

export type ParsedCallback = { ok: true; callback: SepsCallback } | { ok: false; problem: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRANSACTION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

export function parseSepsCallback(rawBody: Buffer | string): ParsedCallback {
  let body: unknown;
  try {
    body = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch {
    return { ok: false, problem: 'the body is not JSON' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, problem: 'the body is not a JSON object' };
  const fields = body as Record<string, unknown>;

  const { sessionId, uin, transactionId, outcome, amountMinor, paidAt } = fields;
  if (sessionId !== undefined && sessionId !== null && (typeof sessionId !== 'string' || !UUID.test(sessionId))) {
    return { ok: false, problem: 'sessionId must be a UUID or null' };
  }
  if (typeof uin !== 'string' || !isValidUin(uin)) return { ok: false, problem: 'uin must be a valid 20-digit UIN' };
  if (typeof transactionId !== 'string' || !TRANSACTION_ID.test(transactionId)) {
    return { ok: false, problem: 'transactionId must be 1-100 letters, digits, ".", "_", ":" or "-"' };
  }
  if (outcome !== 'success' && outcome !== 'failure') return { ok: false, problem: 'outcome must be "success" or "failure"' };
  if (typeof amountMinor !== 'number' || !Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    return { ok: false, problem: 'amountMinor must be a positive whole number of tyiyn' };
  }
  let paidAtDate: Date | null = null;
  if (outcome === 'success') {
    // an ISO timestamp with its offset: a local time without one would be read in this server's zone
    if (typeof paidAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(paidAt)) {
      return { ok: false, problem: 'paidAt must be an ISO-8601 date-time with offset on success' };
    }
    paidAtDate = new Date(paidAt);
    if (Number.isNaN(paidAtDate.getTime())) return { ok: false, problem: 'paidAt is not a real date-time' };
  }
  return {
    ok: true,
    callback: {
      sessionId: typeof sessionId === 'string' ? sessionId.toLowerCase() : null,
      uin,
      transactionId,
      outcome,
      amountMinor,
      paidAt: paidAtDate,
    },
  };
}

export type RefusalReason =
  | 'UNKNOWN_UIN'
  | 'SESSION_OF_ANOTHER_ACCRUAL'
  | 'TRANSACTION_OF_ANOTHER_ACCRUAL'
  | 'ACCRUAL_CANCELLED'
  | 'ACCRUAL_REFUNDED'
  | 'ALREADY_PAID'
  | 'AMOUNT_MISMATCH';

export type ConfirmationDecision =
  | { kind: 'confirm' }
  /** This very transaction is already recorded: a replay or a retry; answer as before, change nothing. */
  | { kind: 'duplicate' }
  | { kind: 'refuse'; httpStatus: 400 | 404 | 409; reason: RefusalReason; message: string };

export interface AccrualState {
  id: string;
  status: AccrualStatusCode;
  amountMinor: number;
}

/**
 * What a successful payment does. Order matters: a transaction already recorded is a duplicate
 * whatever the accrual's state now, so retries of an accepted confirmation always get 200.
 */
export function decideConfirmation(
  accrual: AccrualState | null,
  callback: Pick<SepsCallback, 'amountMinor'>,
  context: { receiptOfTransaction: { accrualId: string } | null; sessionAccrualId: string | null },
): ConfirmationDecision {
  if (!accrual) return { kind: 'refuse', httpStatus: 404, reason: 'UNKNOWN_UIN', message: 'No accrual has this UIN.' };
  if (context.receiptOfTransaction) {
    return context.receiptOfTransaction.accrualId === accrual.id
      ? { kind: 'duplicate' }
      : { kind: 'refuse', httpStatus: 409, reason: 'TRANSACTION_OF_ANOTHER_ACCRUAL', message: 'This transaction id already confirmed another accrual.' };
  }
  if (context.sessionAccrualId !== null && context.sessionAccrualId !== accrual.id) {
    return { kind: 'refuse', httpStatus: 400, reason: 'SESSION_OF_ANOTHER_ACCRUAL', message: 'The session belongs to another accrual than the UIN.' };
  }
  switch (accrual.status) {
    case 'CANCELLED':
      return { kind: 'refuse', httpStatus: 409, reason: 'ACCRUAL_CANCELLED', message: 'The accrual was cancelled: nothing is owed, refund the payment.' };
    case 'REFUNDED':
      return { kind: 'refuse', httpStatus: 409, reason: 'ACCRUAL_REFUNDED', message: 'The accrual was refunded: nothing is owed, refund the payment.' };
    case 'PAID':
      return { kind: 'refuse', httpStatus: 409, reason: 'ALREADY_PAID', message: 'The accrual is already paid by another transaction: refund this one.' };
    case 'PENDING':
      break;
  }
  if (callback.amountMinor !== accrual.amountMinor) {
    return {
      kind: 'refuse',
      httpStatus: 400,
      reason: 'AMOUNT_MISMATCH',
      message: `The amount paid (${callback.amountMinor} tyiyn) differs from the amount due (${accrual.amountMinor} tyiyn).`,
    };
  }
  return { kind: 'confirm' };
}
