/**
 * Background jobs kept as database rows (notice deliveries, EDMS deliveries): claimed under a lease
 * with FOR UPDATE SKIP LOCKED, so replicas never take the same row, and retried with exponential
 * backoff and jitter up to a cap. The policy part is pure; `claimDueJobs` is the one SQL statement.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** How long to wait between attempts: doubling from the initial delay up to the cap. */
export interface BackoffPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface RetryPolicy extends BackoffPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Give up when the next attempt would come later than this after the job was created. */
  maxAgeMs: number;
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

export function describeDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

/** A reason on one line, at most 500 characters, for a job's last_error. */
export function shortReason(reason: string): string {
  const flat = reason.replace(/\s+/g, ' ').trim() || 'no reason given';
  return flat.length > MAX_REASON_LENGTH ? `${flat.slice(0, MAX_REASON_LENGTH - 1)}…` : flat;
}

export type RetryDecision = { retry: true; nextAttemptAt: Date; lastError: string } | { retry: false; lastError: string };

/** After failed attempt number `attempts` (from 1): when to try again, or that it is time to give up. */
export function retryOrGiveUp(input: { reason: string; attempts: number; createdAt: Date; now: Date; random: number; policy: RetryPolicy; retryAfterMs?: number }): RetryDecision {
  const { attempts, createdAt, now, policy } = input;
  const reason = shortReason(input.reason);
  if (attempts >= policy.maxAttempts) return { retry: false, lastError: shortReason(`Gave up after ${attempts} attempts: ${reason}`) };
  const delay = Math.max(retryDelayMs(attempts, policy, input.random), input.retryAfterMs ?? 0);
  const nextAttemptAt = new Date(now.getTime() + delay);
  if (nextAttemptAt.getTime() - createdAt.getTime() > policy.maxAgeMs) {
    const age = describeDuration(now.getTime() - createdAt.getTime());
    return { retry: false, lastError: shortReason(`Gave up after ${attempts} attempts over ${age}: ${reason}`) };
  }
  return { retry: true, nextAttemptAt, lastError: reason };
}

/** Names this process as the holder of leases (host, pid and a random part). */
export function jobOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export interface ClaimOptions {
  /** Schema-qualified table, e.g. `applications.provider_delivery`. */
  table: string;
  /** The primary key column(s). */
  keyColumns: readonly string[];
  /** Which rows are waiting, beside the due time and a free lease, e.g. `status = 'QUEUED'`. */
  waiting: string;
  waitingParams?: unknown[];
  owner: string;
  leaseMs: number;
  limit: number;
}

export interface ClaimedJob {
  keys: Record<string, string>;
  /** This attempt's number (counted when claimed). */
  attempt: number;
  createdAt: Date;
}

/**
 * Claims due rows of a job table with columns attempts, next_attempt_at, lease_owner,
 * lease_expires_at, last_attempt_at, created_at and updated_at: the attempt is counted and the
 * lease taken in `tx` before anything is sent, so a crash mid-send leaves a counted attempt whose
 * lease expires (retried as the next attempt), never two holders of one attempt.
 */
export async function claimDueJobs(tx: EntityManager, options: ClaimOptions): Promise<ClaimedJob[]> {
  if (options.limit <= 0) return [];
  const keys = options.keyColumns.join(', ');
  const join = options.keyColumns.map((column) => `j.${column} = due.${column}`).join(' and ');
  const rows = await tx.execute<Array<Record<string, unknown> & { attempts: number; created_ms: number }>>(
    `with due as (
       select ${keys} from ${options.table}
        where (${options.waiting}) and next_attempt_at <= now()
          and (lease_expires_at is null or lease_expires_at <= now())
        order by next_attempt_at
        limit ?
        for update skip locked
     )
     update ${options.table} j
        set attempts = j.attempts + 1, lease_owner = ?, lease_expires_at = now() + (?::double precision * interval '1 millisecond'),
            last_attempt_at = now(), updated_at = now()
       from due
      where ${join}
     returning ${options.keyColumns.map((column) => `j.${column}`).join(', ')}, j.attempts, (extract(epoch from j.created_at) * 1000)::float8 as created_ms`,
    [...(options.waitingParams ?? []), options.limit, options.owner, options.leaseMs],
  );
  return rows.map((row) => ({
    keys: Object.fromEntries(options.keyColumns.map((column) => [column, String(row[column])])),
    attempt: row.attempts,
    createdAt: new Date(row.created_ms),
  }));
}
