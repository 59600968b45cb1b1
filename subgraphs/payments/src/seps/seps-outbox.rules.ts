/**
 * Requests to the payment system are written with the change that needs them and worked off by a
 * job (seps-outbox.worker.ts): when SEPS is down a request waits and is tried again, never lost.
 * Pure: the retry schedule and what each kind of failure means.
 */

export const SEPS_REQUEST_KINDS = ['REGISTER_ACCRUAL', 'CANCEL_ACCRUAL', 'REFUND'] as const;
export type SepsRequestKind = (typeof SEPS_REQUEST_KINDS)[number];

/** The longest wait between two tries of one request. */
export const MAX_RETRY_DELAY_MS = 10 * 60 * 1000;

/**
 * How long a claimed request stays invisible to other replicas while one works on it; a replica
 * that dies mid-call leaves it to be tried again after this.
 */
export const CLAIM_LEASE_SECONDS = 60;

/** The wait after the `attempts`-th failed try: base, 2 x base, 4 x base ... capped at MAX_RETRY_DELAY_MS. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be a whole number from 1, got ${attempts}`);
  if (!Number.isFinite(baseMs) || baseMs <= 0) throw new RangeError(`baseMs must be positive, got ${baseMs}`);
  return Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.min(attempts - 1, 30));
}

/** What became of one try: done (nothing more to do), retry later, or given up for good. */
export type SepsRequestOutcome = { kind: 'done' } | { kind: 'retry'; error: string } | { kind: 'give-up'; error: string };
