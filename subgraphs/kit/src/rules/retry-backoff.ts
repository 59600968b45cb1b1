/**
 * Backoff of background jobs that retry an outside system (notice deliveries, registry fetches):
 * pure, no clock, no I/O (the caller passes the random number of the jitter).
 */

export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

const MAX_REASON_LENGTH = 500;

/**
 * The wait before the next attempt after `attempts` failed ones: doubling from the initial delay up
 * to the cap, with "equal jitter" (between half and all of it) so replicas and users spread out.
 */
export function retryDelayMs(attempts: number, policy: BackoffPolicy, random: number): number {
  const exponent = Math.max(0, attempts - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(exponent, 40));
  const jitter = Math.min(Math.max(random, 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * jitter);
}

/** A failure reason as a job row keeps it: one line, at most 500 characters. */
export function shortReason(reason: string): string {
  const flat = reason.replace(/\s+/g, ' ').trim() || 'no reason given';
  return flat.length > MAX_REASON_LENGTH ? `${flat.slice(0, MAX_REASON_LENGTH - 1)}…` : flat;
}
