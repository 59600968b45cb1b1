/**
 * Requests to the payment system are written with the change that needs them and worked off by a
 * job (seps-outbox.worker.ts, on the kit's leased jobs): when SEPS is down a request waits and is
 * tried again, never lost. Pure: the kinds of request, the retry policy, what a try can end in.
 */
import type { RetryPolicy } from '@portal/kit';

export const SEPS_REQUEST_KINDS = ['REGISTER_ACCRUAL', 'CANCEL_ACCRUAL', 'REFUND'] as const;
export type SepsRequestKind = (typeof SEPS_REQUEST_KINDS)[number];

/** The longest wait between two tries of one request. */
export const MAX_RETRY_DELAY_MS = 10 * 60 * 1000;

/**
 * How long a claimed request stays invisible to other replicas while one works on it; a replica
 * that dies mid-call leaves it to be tried again after this.
 */
export const CLAIM_LEASE_MS = 60_000;

/** Money is not given up on: a request is tried until SEPS takes it or refuses it for good (4xx). */
export function sepsRetryPolicy(retryBaseMs: number): RetryPolicy {
  if (!Number.isFinite(retryBaseMs) || retryBaseMs <= 0) throw new RangeError(`retryBaseMs must be positive, got ${retryBaseMs}`);
  return { initialDelayMs: retryBaseMs, maxDelayMs: Math.max(retryBaseMs, MAX_RETRY_DELAY_MS), maxAttempts: Number.POSITIVE_INFINITY, maxAgeMs: Number.POSITIVE_INFINITY };
}

/** What became of one try: done (nothing more to do), retry later, or given up for good. */
export type SepsRequestOutcome = { kind: 'done' } | { kind: 'retry'; error: string } | { kind: 'give-up'; error: string };
