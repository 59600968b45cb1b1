import type { MikroORM } from '@mikro-orm/postgresql';
import { type BackgroundTask, claimDueJobs, jobOwnerId, retryOrGiveUp, startPeriodicTask } from '@portal/kit';
import { AccrualEntity } from '../accrual/accrual.entity';
import { logPayments } from '../log';
import { SepsRefusedError, SepsSignatureError, SepsUnavailableError, type SepsClient } from '../payment/seps.client';
import { sendRefund } from '../refund/refund.service';
import { CLAIM_LEASE_MS, type SepsRequestKind, type SepsRequestOutcome, sepsRetryPolicy } from './seps-outbox.rules';

export interface SepsOutboxDependencies {
  paymentSystem: SepsClient;
  /** Where SEPS reports payments by UIN (read per call: tests learn the port after start). */
  callbackUrl(): string;
  retryBaseMs: number;
}

interface ClaimedRequest {
  id: string;
  kind: SepsRequestKind;
  subject_id: string;
  attempts: number;
  created_at: Date;
}

const BATCH = 10;

/** Works off queued requests to the payment system every `pollMs`; replicas share the queue (rows are claimed with a lease). */
export function startSepsOutboxWorker(orm: MikroORM, dependencies: SepsOutboxDependencies, options: { pollMs?: number } = {}): BackgroundTask {
  const owner = jobOwnerId();
  return startPeriodicTask({ name: 'seps-outbox:payments', everyMs: options.pollMs ?? 500, work: () => workOffSepsRequests(orm, dependencies, owner) });
}

/** One batch: claim due requests (skipping those another replica holds), try each, record the outcome. */
export async function workOffSepsRequests(orm: MikroORM, dependencies: SepsOutboxDependencies, owner: string): Promise<boolean> {
  const claimed = await orm.em.fork().transactional(async (tx) => {
    const jobs = await claimDueJobs(tx, { table: 'payments.seps_request', keyColumns: ['id'], waiting: 'done_at is null', owner, leaseMs: CLAIM_LEASE_MS, limit: BATCH });
    if (jobs.length === 0) return [];
    return tx.execute<ClaimedRequest[]>('select id, kind, subject_id, attempts, created_at from payments.seps_request where id in (?)', [jobs.map((job) => job.keys.id)]);
  });
  const policy = sepsRetryPolicy(dependencies.retryBaseMs);
  for (const request of claimed) {
    const outcome = await attempt(orm, dependencies, request);
    const em = orm.em.fork();
    if (outcome.kind === 'retry') {
      const decision = retryOrGiveUp({ reason: outcome.error, attempts: request.attempts, createdAt: new Date(request.created_at), now: new Date(), random: Math.random(), policy });
      const nextAttemptAt = decision.retry ? decision.nextAttemptAt : new Date();
      logPayments('warn', 'seps_request_retry', { requestId: request.id, kind: request.kind, subjectId: request.subject_id, attempts: request.attempts, nextAttemptAt: nextAttemptAt.toISOString(), error: decision.lastError });
      await em.execute(
        `update payments.seps_request set next_attempt_at = ?, last_error = ?, lease_owner = null, lease_expires_at = null, updated_at = now() where id = ?`,
        [nextAttemptAt, decision.lastError, request.id],
      );
    } else {
      if (outcome.kind === 'give-up') logPayments('error', 'seps_request_given_up', { requestId: request.id, kind: request.kind, subjectId: request.subject_id, attempts: request.attempts, error: outcome.error });
      await em.execute(
        `update payments.seps_request set done_at = now(), last_error = ?, lease_owner = null, lease_expires_at = null, updated_at = now() where id = ?`,
        [outcome.kind === 'give-up' ? outcome.error : null, request.id],
      );
    }
  }
  return claimed.length === BATCH;
}

async function attempt(orm: MikroORM, dependencies: SepsOutboxDependencies, request: ClaimedRequest): Promise<SepsRequestOutcome> {
  try {
    if (request.kind === 'REGISTER_ACCRUAL') return await registerAccrual(orm, dependencies, request.subject_id);
    if (request.kind === 'CANCEL_ACCRUAL') return await cancelAccrual(orm, dependencies, request.subject_id);
    return await sendRefund(orm, dependencies.paymentSystem, request.subject_id);
  } catch (error) {
    if (error instanceof SepsUnavailableError) return { kind: 'retry', error: error.message };
    if (error instanceof SepsSignatureError) {
      logPayments('warn', 'seps_answer_signature_rejected', { security: true, kind: request.kind, subjectId: request.subject_id, reason: error.reason });
      return { kind: 'retry', error: error.message };
    }
    if (error instanceof SepsRefusedError) return { kind: 'give-up', error: error.message };
    return { kind: 'retry', error: `unexpected: ${String((error as Error)?.message ?? error)}` };
  }
}

/** A cancelled accrual is withdrawn from the payment system, so nobody pays a fee that is no longer owed. */
async function cancelAccrual(orm: MikroORM, dependencies: SepsOutboxDependencies, accrualId: string): Promise<SepsRequestOutcome> {
  const accrual = await orm.em.fork().findOne(AccrualEntity, { id: accrualId });
  if (!accrual || accrual.status !== 'CANCELLED') return { kind: 'done' };
  await dependencies.paymentSystem.cancelAccrual(accrual.uin);
  logPayments('info', 'accrual_cancelled_at_seps', { accrualId, uin: accrual.uin });
  return { kind: 'done' };
}

/** L-26 item 5: the payment system knows the accrual from the moment it exists, so its UIN can be paid at any bank. */
async function registerAccrual(orm: MikroORM, dependencies: SepsOutboxDependencies, accrualId: string): Promise<SepsRequestOutcome> {
  const em = orm.em.fork();
  const accrual = await em.findOne(AccrualEntity, { id: accrualId });
  // a paid or cancelled accrual is not offered for payment any more
  if (!accrual || accrual.sepsRegisteredAt || accrual.status !== 'PENDING') return { kind: 'done' };
  await dependencies.paymentSystem.registerAccrual({
    uin: accrual.uin,
    amountMinor: accrual.amountMinor,
    purpose: { ky: accrual.purposeKy, ru: accrual.purposeRu },
    payerId: accrual.payerPin,
    callbackUrl: dependencies.callbackUrl(),
  });
  await em.nativeUpdate(AccrualEntity, { id: accrualId, sepsRegisteredAt: null }, { sepsRegisteredAt: new Date() });
  logPayments('info', 'accrual_registered_with_seps', { accrualId, uin: accrual.uin });
  return { kind: 'done' };
}
