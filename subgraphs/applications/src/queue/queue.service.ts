import { badInput, dateOfColumn as dateOf, decodeCursor, encodeCursor, type TimestampColumn as Timestamp, forbidden, isUuid, pageSize, requireRole, requireUser } from '@portal/kit';
import type { ApplicationRecord } from '../application/application.entity';
import type { ApplicationFilter } from '../application/application.inputs';
import type { ApplicationsContext } from '../context';
import { isOwnListCursor, isQueueCursor, OVERDUE_SQL, QUEUE_DUE_AT_SQL, queueDueAt } from './queue.rules';

/**
 * The officer's queue and the applicant's own list: filters of the contract, keyset
 * pagination, totalCount. Two statements per page (count and page), whatever the page size.
 */

export interface ApplicationPage {
  nodes: Array<{ cursor: string; application: ApplicationRecord }>;
  hasNextPage: boolean;
  totalCount: number;
}

const APPLICATION_COLUMNS = [
  'id', 'number', 'applicant_id', 'service_id', 'service_version', 'provider_id', 'status', 'data', 'current_step', 'signature', 'signing_key_id',
  'submitted_at', 'intake_due_at', 'registered_at', 'payment_confirmed_at', 'due_at', 'executor_id', 'refusal_reason', 'result_document_number',
  'intake_overdue_at', 'decision_overdue_at', 'prefill_source', 'result_format', 'appeal_body_id', 'version', 'created_at', 'updated_at',
]
  .map((column) => `a.${column}`)
  .join(', ');

interface ApplicationRow {
  id: string;
  number: string | null;
  applicant_id: string;
  service_id: string;
  service_version: number;
  provider_id: string;
  status: ApplicationRecord['status'];
  data: Record<string, unknown> | string;
  current_step: string | null;
  signature: string | null;
  signing_key_id: string | null;
  submitted_at: Timestamp | null;
  intake_due_at: Timestamp | null;
  registered_at: Timestamp | null;
  payment_confirmed_at: Timestamp | null;
  due_at: Timestamp | null;
  executor_id: string | null;
  refusal_reason: string | null;
  result_document_number: string | null;
  intake_overdue_at: Timestamp | null;
  decision_overdue_at: Timestamp | null;
  prefill_source: ApplicationRecord['prefillSource'];
  result_format: ApplicationRecord['resultFormat'];
  appeal_body_id: string | null;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

function applicationOfRow(row: ApplicationRow): ApplicationRecord {
  return {
    id: row.id,
    number: row.number,
    applicantId: row.applicant_id,
    serviceId: row.service_id,
    serviceVersion: row.service_version,
    providerId: row.provider_id,
    status: row.status,
    data: typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : row.data,
    currentStep: row.current_step,
    signature: row.signature,
    signingKeyId: row.signing_key_id,
    submittedAt: dateOf(row.submitted_at),
    intakeDueAt: dateOf(row.intake_due_at),
    registeredAt: dateOf(row.registered_at),
    paymentConfirmedAt: dateOf(row.payment_confirmed_at),
    dueAt: dateOf(row.due_at),
    executorId: row.executor_id,
    refusalReason: row.refusal_reason,
    resultDocumentNumber: row.result_document_number,
    intakeOverdueAt: dateOf(row.intake_overdue_at),
    decisionOverdueAt: dateOf(row.decision_overdue_at),
    prefillSource: row.prefill_source,
    resultFormat: row.result_format,
    appealBodyId: row.appeal_body_id,
    version: row.version,
    createdAt: dateOf(row.created_at),
    updatedAt: dateOf(row.updated_at),
  };
}

interface Where {
  sql: string[];
  params: unknown[];
}

function filterConditions(where: Where, filter: ApplicationFilter | null | undefined, callerId: string, now: Date): void {
  if (!filter) return;
  if (filter.status && filter.status.length > 0) {
    where.sql.push('a.status = any(?::text[])');
    where.params.push(`{${filter.status.join(',')}}`); // enum values: no quoting needed
  }
  if (filter.serviceId !== null && filter.serviceId !== undefined) {
    if (!isUuid(filter.serviceId)) throw badInput(`filter.serviceId "${filter.serviceId}" is not a service id; take ids from Query.services.`);
    where.sql.push('a.service_id = ?');
    where.params.push(filter.serviceId.toLowerCase());
  }
  if (filter.overdue === true || filter.overdue === false) {
    where.sql.push(filter.overdue ? OVERDUE_SQL : `not ${OVERDUE_SQL}`);
    where.params.push(now, now);
  }
  if (filter.assignedToMe === true) {
    where.sql.push('a.executor_id = ?');
    where.params.push(callerId);
  }
}

async function page(
  ctx: ApplicationsContext,
  where: Where,
  keyset: Where,
  orderBy: string,
  limit: number,
  cursorOf: (application: ApplicationRecord) => string,
): Promise<ApplicationPage> {
  const condition = where.sql.join(' and ');
  const [{ count }] = await ctx.em.execute<Array<{ count: number }>>(
    `select count(*)::int as count from applications.application a where ${condition}`,
    where.params,
  );
  const rows = await ctx.em.execute<ApplicationRow[]>(
    `select ${APPLICATION_COLUMNS} from applications.application a where ${[...where.sql, ...keyset.sql].join(' and ')} order by ${orderBy} limit ?`,
    [...where.params, ...keyset.params, limit + 1],
  );
  // plain records, not managed entities: a page is only read, and tracking each row was most of its cost
  const applications = rows.slice(0, limit).map(applicationOfRow);
  return {
    nodes: applications.map((application) => ({ cursor: cursorOf(application), application })),
    hasNextPage: rows.length > limit,
    totalCount: count,
  };
}

/** applicationQueue: PROVIDER_OFFICER only, own provider only, submitted applications, by due date then id. */
export async function providerQueue(ctx: ApplicationsContext, filter: ApplicationFilter | null | undefined, first: number | null | undefined, after: string | null | undefined): Promise<ApplicationPage> {
  const caller = requireRole(ctx, 'PROVIDER_OFFICER');
  if (!caller.providerId) throw forbidden('Your officer account is not attached to a provider, so it has no queue; ask the operator to attach it.');
  const limit = pageSize(first);
  const cursor = decodeCursor(after, isQueueCursor);
  const now = ctx.runtime.now();
  const where: Where = { sql: ['a.provider_id = ?', `a.status <> 'DRAFT'`, 'a.archived_at is null'], params: [caller.providerId] };
  filterConditions(where, filter, caller.userId, now);
  const keyset: Where = { sql: [], params: [] };
  if (cursor) {
    // (due, id) ascending with null due dates last
    if (cursor.d === null) {
      keyset.sql.push(`(${QUEUE_DUE_AT_SQL} is null and a.id > ?)`);
      keyset.params.push(cursor.id);
    } else {
      keyset.sql.push(`(${QUEUE_DUE_AT_SQL} > ? or (${QUEUE_DUE_AT_SQL} = ? and a.id > ?) or ${QUEUE_DUE_AT_SQL} is null)`);
      keyset.params.push(cursor.d, cursor.d, cursor.id);
    }
  }
  return page(ctx, where, keyset, `${QUEUE_DUE_AT_SQL} asc nulls last, a.id asc`, limit, (application) => {
    const due = queueDueAt(application.status, application.intakeDueAt, application.dueAt);
    return encodeCursor({ d: due ? due.toISOString() : null, id: application.id });
  });
}

/** User.applications: the user themself only, drafts included, newest first. */
export async function ownApplications(ctx: ApplicationsContext, userId: string, filter: ApplicationFilter | null | undefined, first: number | null | undefined, after: string | null | undefined): Promise<ApplicationPage> {
  const caller = requireUser(ctx);
  if (caller.userId !== userId) throw forbidden("You may list only your own applications; a provider's applications are in applicationQueue.");
  const limit = pageSize(first);
  const cursor = decodeCursor(after, isOwnListCursor);
  const where: Where = { sql: ['a.applicant_id = ?'], params: [caller.userId] };
  filterConditions(where, filter, caller.userId, ctx.runtime.now());
  const keyset: Where = { sql: [], params: [] };
  if (cursor) {
    keyset.sql.push('(a.created_at < ? or (a.created_at = ? and a.id < ?))');
    keyset.params.push(cursor.c, cursor.c, cursor.id);
  }
  return page(ctx, where, keyset, 'a.created_at desc, a.id desc', limit, (application) =>
    encodeCursor({ c: application.createdAt.toISOString(), id: application.id }),
  );
}
