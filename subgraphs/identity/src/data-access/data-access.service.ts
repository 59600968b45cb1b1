import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type BusEvent,
  decodeCursor,
  encodeCursor,
  pageSize,
  payloadOf,
  type PersonalDataReadRecord,
  type PersonalDataSink,
  type RoleCode,
  recordPersonalDataRead,
  resolveLanguage,
} from '@portal/kit';
import type { GraphQLResolveInfo } from 'graphql';
import type { IdentityContext } from '../context';
import { userLoader } from '../user/user.reference';
import type { UserAccess } from '../user/user.rules';
import { keptSince } from './data-access-partitions.rules';
import { DataAccessRecord } from './data-access.entity';
import { REGISTRY_READ_SOURCE } from '../registry/registry.rules';
import { accountReadFor, actorLabel, registryReaderLabel } from './data-access.rules';
import { DataAccessEntryType, type DataAccessConnectionType } from './data-access.type';

/** A page's last entry: its time exactly as PostgreSQL prints it (microseconds kept) and its id. */
const isLogCursor = (value: unknown): value is { a: string; i: string } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { i: unknown }).i === 'string' &&
  /^\d{1,19}$/.test((value as { i: string }).i) &&
  typeof (value as { a: unknown }).a === 'string' &&
  /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:\d{2})?)$/.test((value as { a: string }).a);

/** The consumer's name in the inbox and cursor tables; replicas share it. */
export const DATA_ACCESS_CONSUMER = 'identity.data-access-log';
export const DATA_ACCESS_EVENT_TYPES = ['PersonalDataRead', 'ApplicationStatusChanged'];

/** Identity's own reads go straight into its table: one INSERT per request. */
const identitySink: PersonalDataSink = async (em, records) => {
  await em.insertMany(DataAccessRecord, records.map((record) => rowOf(record, 'identity', null)));
};

export class DataAccessService {
  /**
   * Records that the caller read `fields` of the subject's account, before the data is handed
   * out. All records of one request are written by one INSERT (kit recordPersonalDataRead batches
   * them per request), and a field read twice in one request is recorded once.
   */
  async record(ctx: IdentityContext, subject: { id: string; roles: readonly RoleCode[] }, access: UserAccess, fields: string[], info?: GraphQLResolveInfo): Promise<void> {
    const read = accountReadFor(access, subject, fields);
    if (!read) return;
    await recordPersonalDataRead(ctx, read, info, identitySink);
  }

  /**
   * The consumer's handler: a read recorded by another subgraph joins the subject's log (once per
   * event, even if delivered twice); application numbers are kept for reads that lack them.
   */
  async consume(em: EntityManager, event: BusEvent): Promise<void> {
    if (event.type === 'ApplicationStatusChanged') {
      const change = payloadOf(event, 'ApplicationStatusChanged');
      if (change.number) {
        await em.execute('insert into identity.application_number (application_id, number) values (?, ?) on conflict (application_id) do update set number = excluded.number', [
          change.applicationId,
          change.number,
        ]);
      }
      return;
    }
    const read = payloadOf(event, 'PersonalDataRead');
    // another subgraph's register read through Tunduk is shown like identity's own (the register as the reader)
    const row = rowOf(read, read.via === 'tunduk' ? REGISTRY_READ_SOURCE : event.source, event.eventId);
    // a subject identity does not know (should not happen) is skipped rather than stopping the consumer
    await em.execute(
      `insert into identity.data_access_log (subject_user_id, actor_user_id, actor_role, actor_provider_id, purpose, fields, application_id, application_number, operation, source, event_id, request_id, at)
       select ?, ?, ?, ?, ?, ?::text[], ?, coalesce(?, (select number from identity.application_number where application_id = ?)), ?, ?, ?, ?, ?
       where exists (select 1 from identity.user_account where id = ?)
       on conflict (event_id, at) do nothing`,
      [
        row.subjectUserId,
        row.actorUserId,
        row.actorRole,
        row.actorProviderId,
        row.purpose,
        `{${row.fields!.map((field) => `"${field.replace(/["\\]/g, '')}"`).join(',')}}`,
        row.applicationId,
        row.applicationNumber,
        row.applicationId,
        row.operation,
        row.source,
        row.eventId,
        row.requestId,
        row.at,
        row.subjectUserId,
      ],
    );
  }

  /** The signed-in user's own log, newest first; readers are named with one batched SELECT. */
  async listOwn(ctx: IdentityContext, subjectUserId: string, first: number | null | undefined, after: string | null | undefined): Promise<DataAccessConnectionType> {
    const limit = pageSize(first);
    const cursor = decodeCursor(after, isLogCursor);
    const query = accessLogPageQuery(subjectUserId, keptSince(new Date(), ctx.identity.config.dataAccessLogRetentionMonths), cursor, limit + 1);
    const records = (await ctx.em.execute<LogRow[]>(query.sql, query.params)).map(recordOfRow);
    const page = records.slice(0, limit);
    const actorIds = [...new Set(page.map((record) => record.actorUserId).filter((id): id is string => id !== null))];
    const actors = await userLoader(ctx).loadMany(actorIds);
    const names = new Map<string, string>();
    actors.forEach((account, i) => {
      if (account && !(account instanceof Error)) names.set(actorIds[i], account.fullName);
    });
    const edges = page.map((record) => ({
      cursor: encodeCursor({ a: record.atExact, i: record.id }),
      node: DataAccessEntryType.from(
        record,
        record.source === REGISTRY_READ_SOURCE
          ? registryReaderLabel(record.operation, resolveLanguage(ctx.caller))
          : actorLabel(record.actorUserId, record.actorUserId ? names.get(record.actorUserId) : null, record.actorProviderId),
      ),
    }));
    return { edges, pageInfo: { hasNextPage: records.length > limit, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null } };
  }
}

/**
 * One page of a subject's log, newest first by (at, id): the order of the (subject_user_id, at, id)
 * index of every monthly partition, so PostgreSQL merges the partitions' index scans and stops at the
 * page size. The bounds on `at` let it skip the partitions past the retention period and, on later
 * pages, those newer than the cursor. Read as plain rows: nothing here is changed.
 */
export function accessLogPageQuery(subjectUserId: string, since: Date, cursor: { a: string; i: string } | null, limit: number): { sql: string; params: unknown[] } {
  const conditions = ['l.subject_user_id = ?', 'l.at >= ?'];
  const params: unknown[] = [subjectUserId, since];
  if (cursor) {
    conditions.push('l.at <= ?', '(l.at, l.id) < (?, ?)');
    params.push(cursor.a, cursor.a, cursor.i);
  }
  return {
    // ordered by the columns, not by the text forms selected under the same names
    sql: `select l.id::text as id, l.subject_user_id, l.actor_user_id, l.actor_role, l.actor_provider_id, l.purpose, l.fields, l.application_number, l.operation, l.source, l.at::text as at
      from identity.data_access_log l where ${conditions.join(' and ')} order by l.at desc, l.id desc limit ?`,
    params: [...params, limit],
  };
}

interface LogRow {
  id: string;
  subject_user_id: string;
  actor_user_id: string | null;
  actor_role: RoleCode | null;
  actor_provider_id: string | null;
  purpose: DataAccessRecord['purpose'];
  fields: string[];
  application_number: string | null;
  operation: string | null;
  source: string;
  at: string;
}

function recordOfRow(row: LogRow): Pick<DataAccessRecord, 'id' | 'subjectUserId' | 'actorUserId' | 'actorRole' | 'actorProviderId' | 'purpose' | 'fields' | 'applicationNumber' | 'operation' | 'source' | 'at'> & { atExact: string } {
  return {
    atExact: row.at,
    id: row.id,
    subjectUserId: row.subject_user_id,
    actorUserId: row.actor_user_id,
    actorRole: row.actor_role,
    actorProviderId: row.actor_provider_id,
    purpose: row.purpose,
    fields: row.fields,
    applicationNumber: row.application_number,
    operation: row.operation,
    source: row.source,
    at: new Date(row.at),
  };
}

function rowOf(record: PersonalDataReadRecord, source: string, eventId: string | null): Partial<DataAccessRecord> {
  return {
    subjectUserId: record.subjectUserId,
    actorUserId: record.actorUserId,
    actorRole: record.actorRole,
    actorProviderId: record.actorProviderId,
    purpose: record.purpose,
    fields: record.fields,
    applicationId: record.applicationId,
    applicationNumber: record.applicationNumber,
    operation: record.operation,
    source,
    eventId,
    requestId: record.requestId,
    at: new Date(record.at),
  };
}
