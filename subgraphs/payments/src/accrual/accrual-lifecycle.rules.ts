/**
 * What an application's status change means for its accrual. Applications decides when a fee is
 * due (AWAITING_PAYMENT, with the payment terms in the event) and when it no longer is (the
 * applicant withdrew, or the provider rejected or refused); payments only follows.
 */
import type { EventPayloads } from '@portal/kit';

export type ApplicationStatusChange = EventPayloads['ApplicationStatusChanged'];

/** Statuses after which nothing is owed any more: a pending accrual is cancelled. */
export const CANCELLING_STATUSES: readonly string[] = ['WITHDRAWN', 'REJECTED', 'REFUSED'];

/** The largest amount the API can carry: Money.amountMinor is a GraphQL Int. */
export const MAX_AMOUNT_MINOR = 2_147_483_647;

export interface AccrualDraft {
  applicationId: string;
  providerId: string;
  payerUserId: string;
  payerPin: string;
  amountMinor: number;
  purpose: { ky: string; ru: string };
  budgetCode: string | null;
  issuerCode: string;
}

export type AccrualAction =
  | { kind: 'create'; draft: AccrualDraft }
  | { kind: 'cancel'; applicationId: string; at: Date }
  | { kind: 'ignore' }
  /** The event asks for an accrual but cannot make a valid one: log it, do not block the consumer. */
  | { kind: 'invalid'; applicationId: string; problems: string[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PIN = /^\d{14}$/;
const ISSUER_CODE = /^\d{4}$/;
const BUDGET_CODE_PREFIX = /^(\d{4})\d*$/;

/**
 * The 4-digit issuer code of a UIN: the first four digits of the provider's budget (revenue
 * classification) code, so a UIN tells the treasury where the money goes; the configured code of
 * the portal when the service has no budget code.
 */
export function issuerCodeFor(budgetCode: string | null, fallbackIssuerCode: string): string {
  if (!ISSUER_CODE.test(fallbackIssuerCode)) throw new RangeError(`the fallback issuer code must be 4 digits, got ${JSON.stringify(fallbackIssuerCode)}`);
  const match = budgetCode === null ? null : BUDGET_CODE_PREFIX.exec(budgetCode.trim());
  return match ? match[1] : fallbackIssuerCode;
}

export function accrualActionFor(change: ApplicationStatusChange, options: { fallbackIssuerCode: string }): AccrualAction {
  if (CANCELLING_STATUSES.includes(change.to)) {
    const at = new Date(change.at);
    return { kind: 'cancel', applicationId: change.applicationId.toLowerCase(), at: Number.isNaN(at.getTime()) ? new Date() : at };
  }
  if (change.to !== 'AWAITING_PAYMENT') return { kind: 'ignore' };

  const problems: string[] = [];
  const payment = change.payment;
  if (!payment) problems.push('the change to AWAITING_PAYMENT carries no payment terms');
  if (!UUID.test(change.applicationId)) problems.push('applicationId is not a UUID');
  if (!UUID.test(change.applicantId)) problems.push('applicantId is not a UUID');
  if (!UUID.test(change.providerId)) problems.push('providerId is not a UUID');
  if (payment) {
    if (!PIN.test(payment.payerPin)) problems.push('payerPin is not 14 digits');
    if (!Number.isSafeInteger(payment.amountMinor) || payment.amountMinor <= 0 || payment.amountMinor > MAX_AMOUNT_MINOR) {
      problems.push(`amountMinor must be a whole number of tyiyn from 1 to ${MAX_AMOUNT_MINOR}`);
    }
    if (!payment.purpose || !payment.purpose.ky?.trim() || !payment.purpose.ru?.trim()) problems.push('the purpose needs both a Kyrgyz and a Russian text');
  }
  if (problems.length > 0 || !payment) return { kind: 'invalid', applicationId: change.applicationId, problems };

  const budgetCode = payment.budgetCode?.trim() ? payment.budgetCode.trim() : null;
  return {
    kind: 'create',
    draft: {
      applicationId: change.applicationId.toLowerCase(),
      providerId: change.providerId.toLowerCase(),
      payerUserId: change.applicantId.toLowerCase(),
      payerPin: payment.payerPin,
      amountMinor: payment.amountMinor,
      purpose: { ky: payment.purpose.ky.trim(), ru: payment.purpose.ru.trim() },
      budgetCode,
      issuerCode: issuerCodeFor(budgetCode, options.fallbackIssuerCode),
    },
  };
}
