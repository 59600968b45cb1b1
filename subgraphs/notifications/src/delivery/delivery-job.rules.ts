/**
 * What happens to a delivery after one attempt to send it: pure, no clock, no I/O (the caller
 * passes now and the random number of the jitter).
 */
import { retryDelayMs, shortReason } from '@portal/kit';

export { retryDelayMs, shortReason };

/** What a channel sender reports for one attempt. */
export type SendOutcome =
  /** The channel took the message; `delivered` when it also confirmed that the user has it. */
  | { kind: 'sent'; providerMessageId?: string | null; delivered?: boolean }
  /** Worth trying again later (server down, timeout, busy); `retryAfterMs` when the channel said how long to wait. */
  | { kind: 'transient'; reason: string; retryAfterMs?: number }
  /** Trying again cannot help (recipient refused, no address): FAILED at once. */
  | { kind: 'permanent'; reason: string };

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Give up when the next attempt would come later than this after the delivery was created. */
  maxAgeMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export type AttemptResult =
  | { status: 'SENT' | 'DELIVERED'; lastError: null; nextAttemptAt: null; providerMessageId: string | null }
  | { status: 'QUEUED'; lastError: string; nextAttemptAt: Date; providerMessageId: null }
  | { status: 'FAILED'; lastError: string; nextAttemptAt: null; providerMessageId: null };

function describeDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

/** The delivery's next state after attempt number `attempts` (counted from 1) ended with `outcome`. */
export function afterAttempt(input: { outcome: SendOutcome; attempts: number; createdAt: Date; now: Date; random: number; policy: RetryPolicy }): AttemptResult {
  const { outcome, attempts, createdAt, now, policy } = input;
  if (outcome.kind === 'sent') {
    return { status: outcome.delivered ? 'DELIVERED' : 'SENT', lastError: null, nextAttemptAt: null, providerMessageId: outcome.providerMessageId ?? null };
  }
  const reason = shortReason(outcome.reason);
  if (outcome.kind === 'permanent') return { status: 'FAILED', lastError: reason, nextAttemptAt: null, providerMessageId: null };

  if (attempts >= policy.maxAttempts) {
    return { status: 'FAILED', lastError: shortReason(`Gave up after ${attempts} attempts: ${reason}`), nextAttemptAt: null, providerMessageId: null };
  }
  const delay = Math.max(retryDelayMs(attempts, policy, input.random), outcome.retryAfterMs ?? 0);
  const nextAttemptAt = new Date(now.getTime() + delay);
  if (nextAttemptAt.getTime() - createdAt.getTime() > policy.maxAgeMs) {
    const age = describeDuration(now.getTime() - createdAt.getTime());
    return { status: 'FAILED', lastError: shortReason(`Gave up after ${attempts} attempts over ${age}: ${reason}`), nextAttemptAt: null, providerMessageId: null };
  }
  return { status: 'QUEUED', lastError: reason, nextAttemptAt, providerMessageId: null };
}
