import { type RetryPolicy, retryOrGiveUp, shortReason } from '@portal/kit';

/**
 * What happens to a delivery after one attempt to send it: pure, no clock, no I/O (the caller
 * passes now and the random number of the jitter).
 */

/** What a channel sender reports for one attempt. */
export type SendOutcome =
  /** The channel took the message; `delivered` when it also confirmed that the user has it. */
  | { kind: 'sent'; providerMessageId?: string | null; delivered?: boolean }
  /** Worth trying again later (server down, timeout, busy); `retryAfterMs` when the channel said how long to wait. */
  | { kind: 'transient'; reason: string; retryAfterMs?: number }
  /** Trying again cannot help (recipient refused, no address): FAILED at once. */
  | { kind: 'permanent'; reason: string };

export type { RetryPolicy } from '@portal/kit';
export { retryDelayMs, shortReason } from '@portal/kit';

export type AttemptResult =
  | { status: 'SENT' | 'DELIVERED'; lastError: null; nextAttemptAt: null; providerMessageId: string | null }
  | { status: 'QUEUED'; lastError: string; nextAttemptAt: Date; providerMessageId: null }
  | { status: 'FAILED'; lastError: string; nextAttemptAt: null; providerMessageId: null };

/** The delivery's next state after attempt number `attempts` (counted from 1) ended with `outcome`. */
export function afterAttempt(input: { outcome: SendOutcome; attempts: number; createdAt: Date; now: Date; random: number; policy: RetryPolicy }): AttemptResult {
  const { outcome, attempts, createdAt, now, policy } = input;
  if (outcome.kind === 'sent') {
    return { status: outcome.delivered ? 'DELIVERED' : 'SENT', lastError: null, nextAttemptAt: null, providerMessageId: outcome.providerMessageId ?? null };
  }
  if (outcome.kind === 'permanent') return { status: 'FAILED', lastError: shortReason(outcome.reason), nextAttemptAt: null, providerMessageId: null };
  const decision = retryOrGiveUp({ reason: outcome.reason, attempts, createdAt, now, random: input.random, policy, retryAfterMs: outcome.retryAfterMs });
  return decision.retry
    ? { status: 'QUEUED', lastError: decision.lastError, nextAttemptAt: decision.nextAttemptAt, providerMessageId: null }
    : { status: 'FAILED', lastError: decision.lastError, nextAttemptAt: null, providerMessageId: null };
}
