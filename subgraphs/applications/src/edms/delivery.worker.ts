import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { DELIVERY_JWS_TYPE, deliverToEdms, type DeliveryOutcome, signMessage } from '@portal/edms';
import { type BackgroundTask, claimDueJobs, jobOwnerId, log, outboxSink, startPeriodicTask } from '@portal/kit';
import type { ApplicationsRuntime } from '../context';
import { afterDeliveryAttempt, type DeliveryStatus } from './delivery.rules';
import type { EdmsMetrics } from './delivery.metrics';
import { deliveryDocumentOf, providerChannel } from './delivery.service';

const BATCH_SIZE = 10;

const edmsLog = log.child({ subgraph: 'applications', task: 'edms' });
export function logEdms(level: 'info' | 'warn' | 'error', message: string, extra: Record<string, unknown> = {}): void {
  edmsLog[level](extra, message);
}

async function recordDeliveredPersonalData(tx: EntityManager, applicationId: string, providerId: string, at: Date): Promise<void> {
  const [application] = await tx.execute<Array<{ applicant_id: string; number: string | null }>>(`select applicant_id, number from applications.application where id = ?`, [applicationId]);
  if (!application) return;
  await outboxSink(tx, [
    {
      subjectUserId: application.applicant_id,
      actorUserId: null,
      actorRole: 'PROVIDER_OFFICER',
      actorProviderId: providerId,
      purpose: 'PROVIDER_APPLICATION_PROCESSING',
      fields: ['pin', 'fullName', 'application.data'],
      applicationId,
      applicationNumber: application.number,
      operation: 'edmsDelivery',
      requestId: `edms-delivery:${applicationId}`,
      at: at.toISOString(),
    },
  ]);
}

interface ClaimedDelivery {
  id: string;
  attempt: number;
  createdAt: Date;
}

/** One attempt: sign the delivery document and POST it to the provider's current endpoint. */
async function attemptDelivery(orm: MikroORM, runtime: ApplicationsRuntime, claimed: ClaimedDelivery, providerId: string, applicationId: string): Promise<DeliveryOutcome> {
  const em = orm.em.fork();
  const channel = await providerChannel(em, providerId);
  if (channel?.channel !== 'EDMS' || !channel.endpointUrl) {
    return { kind: 'FAILED', httpStatus: null, reason: "The provider is no longer served through its EDMS (moved back to the portal's cabinet): its officers handle the application there.", permanent: true };
  }
  const document = await deliveryDocumentOf(em, { id: claimed.id, applicationId, createdAt: claimed.createdAt });
  if (!document) return { kind: 'FAILED', httpStatus: null, reason: 'The application is not in a deliverable state (no number or signature).', permanent: true };
  const jws = await signMessage(document, runtime.edms.signingKey, { alg: 'ES256', typ: DELIVERY_JWS_TYPE, kid: runtime.edms.keyId });
  return deliverToEdms({ endpointUrl: channel.endpointUrl, deliveryId: claimed.id, jws, timeoutMs: runtime.edms.timeoutMs });
}

/**
 * Delivers PENDING (and DELIVERED, not yet acknowledged) deliveries to providers' EDMS, retried with
 * backoff and jitter up to the cap, then FAILED. Safe in every replica: attempts are leased rows.
 */
export function startEdmsDeliveryWorker(orm: MikroORM, runtime: ApplicationsRuntime, metrics?: EdmsMetrics, random: () => number = Math.random): BackgroundTask {
  const owner = jobOwnerId();
  return startPeriodicTask({
    name: 'edms-delivery:applications',
    everyMs: runtime.edms.pollMs,
    async work() {
      const jobs = await orm.em.fork().transactional((tx) =>
        claimDueJobs(tx, {
          table: 'applications.provider_delivery',
          keyColumns: ['id'],
          // the provider gets the once-only documents with the application: not before every registry answered
          waiting: `status in ('PENDING', 'DELIVERED') and not exists (
            select 1 from applications.registry_document pending_document
             where pending_document.application_id = provider_delivery.application_id and pending_document.status = 'PENDING')`,
          owner,
          leaseMs: runtime.edms.leaseMs,
          limit: BATCH_SIZE,
        }),
      );
      if (jobs.length === 0) return false;
      const rows = await orm.em.fork().execute<Array<{ id: string; status: DeliveryStatus; provider_id: string; application_id: string }>>(
        `select id, status, provider_id, application_id from applications.provider_delivery where id in (${jobs.map(() => '?').join(', ')})`,
        jobs.map((job) => job.keys.id),
      );
      await Promise.all(
        jobs.map(async (job) => {
          const row = rows.find((candidate) => candidate.id === job.keys.id)!;
          const claimed = { id: row.id, attempt: job.attempt, createdAt: job.createdAt };
          let outcome: DeliveryOutcome;
          try {
            outcome = await attemptDelivery(orm, runtime, claimed, row.provider_id, row.application_id);
          } catch (error) {
            outcome = { kind: 'FAILED', httpStatus: null, reason: `The delivery could not be prepared: ${(error as Error)?.message ?? String(error)}` };
          }
          const next = afterDeliveryAttempt({ outcome, status: row.status, attempts: job.attempt, createdAt: job.createdAt, now: runtime.now(), random: random(), policy: runtime.edms.policy });
          const recorded = await orm.em.fork().transactional(async (tx) => {
            const rows = await tx.execute<Array<{ id: string; first_delivery: boolean }>>(
              `with before as (select delivered_at from applications.provider_delivery where id = ?)
               update applications.provider_delivery
                  set status = ?, last_error = ?, next_attempt_at = ?, lease_owner = null, lease_expires_at = null,
                      delivered_at = case when ? then coalesce(delivered_at, now()) else delivered_at end,
                      acknowledged_at = case when ? then now() else acknowledged_at end,
                      updated_at = now()
                where id = ? and attempts = ? and lease_owner = ? and status in ('PENDING', 'DELIVERED')
                returning id, (select delivered_at from before) is null as first_delivery`,
              [row.id, next.status, next.lastError, next.nextAttemptAt, next.delivered, next.acknowledged, row.id, job.attempt, owner],
            );
            // the provider's system now holds the applicant's data: that is a read of it, logged for the applicant
            if (rows[0]?.first_delivery && next.delivered) await recordDeliveredPersonalData(tx, row.application_id, row.provider_id, runtime.now());
            return rows;
          });
          metrics?.attempted(outcome.kind, next.status);
          const context = { deliveryId: row.id, applicationId: row.application_id, attempt: job.attempt, status: next.status };
          if (recorded.length === 0) return logEdms('warn', 'the delivery changed while this attempt ran (acknowledged by an update, or its lease expired): this attempt is not recorded', context);
          if (outcome.kind === 'UNACKNOWLEDGED') logEdms('warn', 'edms_wrong_acknowledgement', { ...context, security: true, reason: outcome.reason });
          else if (next.status === 'FAILED') logEdms('error', 'edms_delivery_failed', { ...context, reason: next.lastError });
          else if (outcome.kind === 'FAILED') logEdms('warn', 'edms_delivery_attempt_failed', { ...context, reason: outcome.reason, nextAttemptAt: next.nextAttemptAt });
        }),
      );
      return jobs.length === BATCH_SIZE;
    },
  });
}
