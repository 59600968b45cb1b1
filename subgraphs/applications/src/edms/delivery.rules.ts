/**
 * Delivery of applications to providers' EDMS and the updates they send back: what an attempt's
 * outcome does to a delivery, when one is overdue, and which transition an update asks for. Pure:
 * the caller passes the clock and the jitter's random number.
 */
import { type RetryPolicy, retryOrGiveUp, shortReason } from '@portal/kit';
import type { DeliveryOutcome, StatusUpdate } from '@portal/edms';
import type { ApplicationAction } from '../application/application-transitions.rules';

/** PENDING -> DELIVERED (sent, 2xx) -> ACKNOWLEDGED (the EDMS named the delivery id), or FAILED after the cap. */
export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'ACKNOWLEDGED', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface AttemptRecord {
  status: DeliveryStatus;
  lastError: string | null;
  nextAttemptAt: Date | null;
  /** Set delivered_at (first 2xx) now. */
  delivered: boolean;
  acknowledged: boolean;
}

/** The delivery's next state after attempt number `attempts` ended with `outcome`. */
export function afterDeliveryAttempt(input: { outcome: DeliveryOutcome; status: DeliveryStatus; attempts: number; createdAt: Date; now: Date; random: number; policy: RetryPolicy }): AttemptRecord {
  const { outcome } = input;
  if (outcome.kind === 'ACKNOWLEDGED') return { status: 'ACKNOWLEDGED', lastError: null, nextAttemptAt: null, delivered: true, acknowledged: true };
  const reached = outcome.kind === 'UNACKNOWLEDGED';
  if (outcome.kind === 'FAILED' && outcome.permanent) return { status: 'FAILED', lastError: shortReason(outcome.reason), nextAttemptAt: null, delivered: false, acknowledged: false };
  // once a 2xx came back the delivery stays DELIVERED while the acknowledgement is awaited
  const waitingStatus: DeliveryStatus = reached || input.status === 'DELIVERED' ? 'DELIVERED' : 'PENDING';
  const decision = retryOrGiveUp({ reason: outcome.reason, attempts: input.attempts, createdAt: input.createdAt, now: input.now, random: input.random, policy: input.policy });
  return decision.retry
    ? { status: waitingStatus, lastError: decision.lastError, nextAttemptAt: decision.nextAttemptAt, delivered: reached, acknowledged: false }
    : { status: 'FAILED', lastError: decision.lastError, nextAttemptAt: null, delivered: reached, acknowledged: false };
}

/** Overdue: not acknowledged `overdueMs` after the application was handed to the delivery. */
export function isDeliveryOverdue(delivery: { status: DeliveryStatus; createdAt: Date; acknowledgedAt: Date | null }, now: Date, overdueMs: number): boolean {
  if (delivery.status === 'ACKNOWLEDGED') return false;
  return now.getTime() - delivery.createdAt.getTime() > overdueMs;
}

/** The transition an update asks for, with its reason (the same table as an officer's action). */
export function actionOfUpdate(update: StatusUpdate): { action: ApplicationAction; reason: string | null } {
  switch (update.kind) {
    case 'ACCEPTED':
      return { action: 'accept', reason: update.reason?.trim() ?? null };
    case 'REJECTED':
      return { action: 'reject', reason: update.reason!.trim() };
    case 'DECIDED':
      return update.decision === 'APPROVED' ? { action: 'approve', reason: update.reason?.trim() ?? null } : { action: 'refuse', reason: update.reason!.trim() };
  }
}

/** Why an update's timestamp is not acceptable (replayed long after, or from a wrong clock), or null. */
export function staleUpdateProblem(issuedAt: string, now: Date, toleranceMs: number): string | null {
  const at = Date.parse(issuedAt);
  const skew = now.getTime() - at;
  if (skew > toleranceMs) return `The update was issued at ${new Date(at).toISOString()}, more than ${Math.round(toleranceMs / 1000)} s ago: a stale or replayed update is refused. Send a new update (new updateId, current issuedAt).`;
  if (-skew > toleranceMs) return `The update is dated ${new Date(at).toISOString()}, more than ${Math.round(toleranceMs / 1000)} s in the future: check the EDMS clock.`;
  return null;
}

/** Why an update's sequence number does not come next for its delivery, or null. */
export function sequenceProblem(sequence: number, lastSequence: number): string | null {
  if (sequence === lastSequence + 1) return null;
  if (sequence <= lastSequence) return `Update number ${sequence} of this delivery was already applied or superseded (the last applied is ${lastSequence}): send new updates with sequence ${lastSequence + 1}.`;
  return `Updates of this delivery must come in order: expected sequence ${lastSequence + 1}, got ${sequence}. Send the missing updates first.`;
}

export { shortReason };
