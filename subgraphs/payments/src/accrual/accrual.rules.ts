export const ACCRUAL_STATUSES = ['PENDING', 'PAID', 'CANCELLED', 'REFUNDED'] as const;
export type AccrualStatusCode = (typeof ACCRUAL_STATUSES)[number];

/** Who is asking, as far as reading accruals goes (a subset of the kit's Caller). */
export interface AccrualReader {
  userId: string;
  roles: readonly string[];
  providerId: string | null;
}

const sameId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Accruals and receipts carry the payer's personal data: only the payer sees them. */
export function canReadAccrualsOf(caller: { userId: string }, payerUserId: string): boolean {
  return sameId(caller.userId, payerUserId);
}

/**
 * One accrual: the payer, or an officer of the provider whose application it belongs to (the officer
 * must see whether a fee was paid before working the application). Operators are not listed.
 */
export function canReadAccrual(caller: AccrualReader, accrual: { payerId: string; providerId: string }): boolean {
  if (canReadAccrualsOf(caller, accrual.payerId)) return true;
  return caller.roles.includes('PROVIDER_OFFICER') && caller.providerId !== null && sameId(caller.providerId, accrual.providerId);
}

/** Only the payer starts a payment: the money and the receipt are theirs. */
export function canPayAccrual(caller: { userId: string }, accrual: { payerId: string }): boolean {
  return canReadAccrualsOf(caller, accrual.payerId);
}

export const NOT_YOUR_ACCRUALS = 'You can see only your own accruals and receipts.';
export const NOT_YOUR_ACCRUAL =
  "You can see only your own accruals, or, as a provider officer, the accruals of your provider's applications.";
export const ONLY_THE_PAYER_PAYS = 'Only the payer can pay this accrual: sign in as the applicant who owes it.';
export const NO_SUCH_ACCRUAL = 'There is no accrual with this id. Open the application again to see its current accrual.';
