import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { EntityManager } from '@mikro-orm/postgresql';
import { conflict, log as kitLog, notFound, outboxSink, resolveLanguage, type SubgraphContext } from '@portal/kit';
import type { ApplicationsContext } from '../context';
import type { ApplicationRecord } from '../application/application.entity';
import { groupBy } from '../application/application.loaders';
import type { ServiceVersionEntity } from '../projection/projection.entity';
import { RegistryDocumentEntity } from './registry-document.entity';
import {
  afterFetchAttempt,
  type FetchAttemptResult,
  type FetchOutcome,
  plannedRegistryDocuments,
  registryKeyOf,
  type RegistryRetryPolicy,
  whyIntakeWaits,
  whyNotWaivable,
} from './registry-document.rules';
import type { RegistryFetcher } from './registry-fetcher';

/**
 * Once-only documents: rows created with the submission (same transaction as its history row and
 * outbox event), fetched by a leased job with backoff, waived by the provider's officer.
 */

export interface RegistryFetchSettings {
  fetcher: RegistryFetcher;
  policy: RegistryRetryPolicy;
  /** How long a claimed attempt is this worker's; after that another replica may try again. */
  leaseMs: number;
  /** Documents claimed at once. */
  batchSize: number;
  random: () => number;
  /** Who holds the leases this subgraph instance takes (one per instance, so replicas in one process differ). */
  owner: string;
}

/** A lease owner name for one subgraph instance. */
export const newLeaseOwner = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

const registryFetchLog = kitLog.child({ subgraph: 'applications', task: 'registry-fetch' });
function log(level: 'info' | 'warn' | 'error', message: string, extra: Record<string, unknown> = {}): void {
  registryFetchLog[level](extra, message);
}

/** Inside the submission's transaction: one PENDING row per registry document the service requires. */
export async function recordRegistryDocuments(tx: EntityManager, application: ApplicationRecord, service: ServiceVersionEntity, settings: RegistryFetchSettings): Promise<number> {
  const { planned, unknown } = plannedRegistryDocuments(service.requiredDocuments ?? [], (code) => settings.fetcher.sourceOf(code));
  if (unknown.length > 0) log('warn', 'required documents marked obtainedByPortal that no registry answers: not fetched', { applicationId: application.id, codes: unknown });
  const now = new Date();
  for (const document of planned) {
    tx.create(RegistryDocumentEntity, {
      applicationId: application.id,
      code: document.code,
      title: document.title,
      registry: document.source.registry,
      service: document.source.service,
      keyField: document.keyField,
      status: 'PENDING',
      data: null,
      messageId: null,
      fetchedAt: null,
      attempts: 0,
      lastError: null,
      nextAttemptAt: now,
      leaseOwner: null,
      leaseExpiresAt: null,
      waivedBy: null,
      waivedAt: null,
      waiverReason: null,
      createdAt: now,
      updatedAt: now,
    });
  }
  return planned.length;
}

interface ClaimedDocument {
  applicationId: string;
  code: string;
  service: string;
  registry: string;
  keyField: string | null;
  attempt: number;
  applicantId: string;
  number: string | null;
  data: Record<string, unknown>;
  applicantKey: string | null;
}

/**
 * Claims due PENDING documents (of one application, or any): the attempt is counted and the lease
 * taken in one committed transaction before the registry is asked, rows locked `for update skip
 * locked` so replicas never claim the same document; an attempt whose worker died is retried once
 * its lease expires.
 */
async function claimDueDocuments(em: EntityManager, settings: RegistryFetchSettings, applicationId: string | null): Promise<ClaimedDocument[]> {
  return em.fork().transactional(async (tx) => {
    const rows = await tx.execute<Array<{ application_id: string; code: string; service: string; registry: string; key_field: string | null; attempts: number }>>(
      `with due as (
         select application_id, code from applications.registry_document
          where status = 'PENDING' and next_attempt_at <= now()
            and (lease_expires_at is null or lease_expires_at <= now())
            ${applicationId ? 'and application_id = ?' : ''}
          order by next_attempt_at
          limit ?
          for update skip locked
       )
       update applications.registry_document d
          set attempts = d.attempts + 1, lease_owner = ?, lease_expires_at = now() + (?::double precision * interval '1 millisecond'), updated_at = now()
         from due
        where d.application_id = due.application_id and d.code = due.code
       returning d.application_id, d.code, d.service, d.registry, d.key_field, d.attempts`,
      [...(applicationId ? [applicationId] : []), settings.batchSize, settings.owner, settings.leaseMs],
    );
    if (rows.length === 0) return [];
    const applications = await tx.execute<Array<{ id: string; applicant_id: string; number: string | null; data: Record<string, unknown>; pin: string | null }>>(
      `select a.id, a.applicant_id, a.number, a.data, p.pin
         from applications.application a left join applications.applicant_profile p on p.user_id = a.applicant_id
        where a.id = any(?::uuid[])`,
      [`{${[...new Set(rows.map((row) => row.application_id))].join(',')}}`],
    );
    const byId = new Map(applications.map((row) => [row.id, row]));
    return rows.map((row) => {
      const application = byId.get(row.application_id)!;
      return {
        applicationId: row.application_id,
        code: row.code,
        service: row.service,
        registry: row.registry,
        keyField: row.key_field,
        attempt: row.attempts,
        applicantId: application.applicant_id,
        number: application.number,
        data: application.data ?? {},
        applicantKey: application.pin,
      };
    });
  });
}

/**
 * Records how an attempt ended, only while this worker holds its lease and the document still waits
 * (a waiver wins); a register's answer about a person goes into that person's access log
 * (PersonalDataRead via Tunduk) in the same transaction.
 */
async function recordFetchAttempt(em: EntityManager, claimed: ClaimedDocument, key: string | null, owner: string, result: FetchAttemptResult): Promise<boolean> {
  return em.fork().transactional(async (tx) => {
    const recorded = await updateFetchedRow(tx, claimed, owner, result);
    if (recorded && key !== null && (result.status === 'FETCHED' || result.status === 'NOT_FOUND')) await recordRegisterRead(tx, claimed, key);
    return recorded;
  });
}

/** The person the register was asked about: the applicant, or the holder of the PIN the form names (when they have an account). */
async function recordRegisterRead(tx: EntityManager, claimed: ClaimedDocument, key: string): Promise<void> {
  let subjectUserId: string | null = claimed.applicantId;
  if (claimed.keyField !== null) {
    const [person] = await tx.execute<Array<{ user_id: string }>>(`select user_id from applications.applicant_profile where pin = ? and kind = 'INDIVIDUAL' limit 1`, [key]);
    subjectUserId = person?.user_id ?? null;
  }
  if (subjectUserId === null) return;
  await outboxSink(tx, [
    {
      subjectUserId,
      actorUserId: null,
      actorRole: null,
      actorProviderId: null,
      purpose: 'PROVIDER_APPLICATION_PROCESSING',
      fields: [`registry.${claimed.code}`],
      applicationId: claimed.applicationId,
      applicationNumber: claimed.number,
      operation: claimed.service,
      via: 'tunduk',
      requestId: `registry-fetch:${claimed.applicationId}:${claimed.code}:${claimed.attempt}`,
      at: new Date().toISOString(),
    },
  ]);
}

async function updateFetchedRow(tx: EntityManager, claimed: ClaimedDocument, owner: string, result: FetchAttemptResult): Promise<boolean> {
  const delayMs = result.nextAttemptAt ? Math.max(0, result.nextAttemptAt.getTime() - Date.now()) : 0;
  const updated = await tx.execute<Array<{ code: string }>>(
    `update applications.registry_document
        set status = ?, data = ?::jsonb, message_id = coalesce(?, message_id), last_error = ?,
            fetched_at = case when ? then now() else fetched_at end,
            next_attempt_at = case when ? then now() + (?::double precision * interval '1 millisecond') else next_attempt_at end,
            lease_owner = null, lease_expires_at = null, updated_at = now()
      where application_id = ? and code = ? and attempts = ? and lease_owner = ? and status = 'PENDING'
      returning code`,
    [
      result.status,
      result.data === null ? null : JSON.stringify(result.data),
      result.messageId,
      result.lastError,
      result.status === 'FETCHED' || result.status === 'NOT_FOUND',
      result.status === 'PENDING',
      delayMs,
      claimed.applicationId,
      claimed.code,
      claimed.attempt,
      owner,
    ],
  );
  return updated.length > 0;
}

async function attempt(em: EntityManager, settings: RegistryFetchSettings, claimed: ClaimedDocument, key: string | null): Promise<FetchOutcome> {
  if (key === null) {
    return claimed.keyField
      ? { kind: 'not-ready', reason: `The form field ${claimed.keyField} names no PIN to fetch the document by.` }
      : { kind: 'not-ready', reason: "The applicant's profile has not reached the applications service yet." };
  }
  const keyedBy = claimed.keyField ? 'pin' : (settings.fetcher.sourceOf(claimed.code)?.keyedBy ?? 'pin');
  try {
    return await settings.fetcher.fetchDocument(em, {
      source: { service: claimed.service, registry: claimed.registry, keyedBy },
      key,
      userId: claimed.applicantId,
      issue: claimed.number ?? claimed.applicationId,
    });
  } catch (error) {
    // a fetcher that throws has not got the document: try again later
    return { kind: 'unavailable', reason: `The registry fetch failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * One round of the registry fetch job: claims due documents (of one application when given),
 * asks their registries, and records each outcome. True when a full batch was processed (more may wait).
 */
export async function fetchDueRegistryDocuments(em: EntityManager, settings: RegistryFetchSettings, applicationId: string | null = null): Promise<boolean> {
  const claimed = await claimDueDocuments(em, settings, applicationId);
  await Promise.all(
    claimed.map(async (document) => {
      const key = registryKeyOf(document, document.applicantKey, document.data);
      const outcome = await attempt(em, settings, document, key);
      const result = afterFetchAttempt({ outcome, attempts: document.attempt, now: new Date(), random: settings.random(), policy: settings.policy });
      const recorded = await recordFetchAttempt(em, document, key, settings.owner, result);
      const context = { applicationId: document.applicationId, code: document.code, attempt: document.attempt };
      if (!recorded) return log('warn', 'the document was waived, or the lease expired, before the attempt ended: its outcome is not kept', { ...context, outcome: outcome.kind });
      if (outcome.kind === 'forged') log('error', 'the registry answer failed verification', { ...context, reason: outcome.reason, status: result.status });
      else if (result.status === 'PENDING') log('warn', 'registry document not fetched yet; will retry', { ...context, reason: result.lastError, nextAttemptAt: result.nextAttemptAt });
    }),
  );
  return claimed.length === settings.batchSize;
}

/**
 * The first fetch of a just-submitted application's documents: a round for them now, then, for a
 * document another replica's job claimed first, a short wait for that attempt to end (at most
 * `maxWaitMs`), so the submission usually answers with them. What is still PENDING the job retries.
 */
export async function fetchApplicationDocumentsNow(em: EntityManager, settings: RegistryFetchSettings, applicationId: string, maxWaitMs: number): Promise<void> {
  await fetchDueRegistryDocuments(em, settings, applicationId);
  const until = Date.now() + maxWaitMs;
  while (Date.now() < until) {
    const [{ n }] = await em.fork().execute<Array<{ n: number }>>(
      `select count(*)::int as n from applications.registry_document where application_id = ? and status = 'PENDING' and lease_expires_at > now()`,
      [applicationId],
    );
    if (n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// ------------------------------------------------------------------ reads

export function registryDocumentsLoader(ctx: SubgraphContext) {
  return ctx.loaders.get<string, RegistryDocumentEntity[]>('registryDocuments', async (applicationIds) => {
    const rows = await ctx.em.find(RegistryDocumentEntity, { applicationId: { $in: [...applicationIds] } }, { orderBy: { applicationId: 'asc', createdAt: 'asc', code: 'asc' } });
    return groupBy(applicationIds, rows, (row) => row.applicationId);
  });
}

/** CONFLICT while a registry document of the application still holds up its registration. */
export async function assertIntakeNotWaiting(ctx: ApplicationsContext, em: EntityManager, applicationId: string): Promise<void> {
  const documents = await em.find(RegistryDocumentEntity, { applicationId }, { fields: ['code', 'status'], orderBy: { code: 'asc' } });
  const problem = whyIntakeWaits(documents, resolveLanguage(ctx.caller));
  if (problem) throw conflict(problem, { registryDocuments: documents.filter((d) => d.status === 'PENDING' || d.status === 'FAILED').map((d) => ({ code: d.code, status: d.status })) });
}

// ------------------------------------------------------------------ the officer's waiver

/**
 * Marks the document WAIVED with who, when and why (the officer registers the application without
 * it); CONFLICT when it cannot be waived now or changed meanwhile (fetched since it was read).
 */
export async function waiveDocument(
  em: EntityManager,
  input: { application: ApplicationRecord; code: string; officerId: string; at: Date; reason: string },
): Promise<void> {
  const { application } = input;
  const document = await em.findOne(RegistryDocumentEntity, { applicationId: application.id, code: input.code });
  if (!document) throw notFound(`Application ${application.number ?? application.id} has no registry document "${input.code}"; its registryDocuments lists the codes.`);
  const notNow = whyNotWaivable(document, application.status);
  if (notNow) throw conflict(notNow);
  const updated = await em.execute<Array<{ code: string }>>(
    `update applications.registry_document
        set status = 'WAIVED', waived_by = ?, waived_at = ?, waiver_reason = ?, lease_owner = null, lease_expires_at = null, updated_at = now()
      where application_id = ? and code = ? and status in ('PENDING', 'FAILED')
      returning code`,
    [input.officerId, input.at, input.reason, application.id, document.code],
  );
  if (updated.length === 0) throw conflict(`The document ${document.code} changed meanwhile (it may have been fetched); reload the application and try again.`);
  log('info', 'registry document waived by the officer', { applicationId: application.id, code: document.code, officer: input.officerId, previousStatus: document.status });
}
