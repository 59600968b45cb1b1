export const ACCRUAL_STATUSES = ['PENDING', 'PAID', 'CANCELLED', 'REFUNDED'] as const;
export type AccrualStatusCode = (typeof ACCRUAL_STATUSES)[number];

/** Accruals and receipts carry the payer's personal data: only the payer sees them. */
export function canReadAccrualsOf(caller: { userId: string }, payerUserId: string): boolean {
  return caller.userId.toLowerCase() === payerUserId.toLowerCase();
}

export const NOT_YOUR_ACCRUALS = 'You can see only your own accruals and receipts.';
