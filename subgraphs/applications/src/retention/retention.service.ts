import type { MikroORM } from '@mikro-orm/postgresql';
import { dateOfColumn as dateOf, domainEvent, type LocalizedText, type NewEvent, recordEvents } from '@portal/kit';
import type { ApplicationStatus } from '../application/application-transitions.rules';
import type { ApplicationsRuntime } from '../context';
import { announcedRemovalAt, draftRetentionStep, FINAL_STATUSES, isArchivable, type RetentionPolicy } from './retention.rules';

/**
 * The retention scan. Each pass, in ONE transaction per batch: tells the applicants of
 * drafts nearing their removal (DraftExpiring), removes drafts whose notice period has run out
 * (DraftRemoved), and archives final applications past their retention year (ApplicationArchived).
 * Rows are taken `for update skip locked`: replicas running the scan at once split the work, a
 * draft being saved meanwhile waits (and its new last change then restarts its period), and a
 * pass repeated after a crash finds nothing left to do for what it already did.
 */

interface DraftRow {
  id: string;
  applicant_id: string;
  updated_at: Date | string;
  draft_expiry_noticed_at: Date | string | null;
  version: number;
  service_title: LocalizedText;
}

interface FinalRow {
  id: string;
  number: string | null;
  provider_id: string;
  status: ApplicationStatus;
  updated_at: Date | string;
  version: number;
}

/** Calendar months end on different days: the SQL takes this much more, the rule decides. */
const MONTH_SLACK_DAYS = 3;

const uuidArray = (ids: string[]): string => `{${ids.join(',')}}`;

/** One pass over up to `batchSize` drafts and `batchSize` final applications; true when a batch was acted on in full (more may be due). */
export async function applyRetention(orm: MikroORM, runtime: Pick<ApplicationsRuntime, 'now' | 'retention'>, batchSize = 100): Promise<boolean> {
  const drafts = await scanDrafts(orm, runtime.now(), runtime.retention, batchSize);
  const archived = await archiveFinalApplications(orm, runtime.now(), runtime.retention, batchSize);
  return drafts === batchSize || archived === batchSize;
}

async function scanDrafts(orm: MikroORM, now: Date, policy: RetentionPolicy, batchSize: number): Promise<number> {
  return orm.em.fork().transactional(async (tx) => {
    // candidates by the index: drafts due for their notice, and noticed drafts whose notice period
    // is over (never those still in it, which would fill every batch); a few days' slack for the
    // month arithmetic, the rule decides each row
    const rows = await tx.execute<DraftRow[]>(
      `select a.id, a.applicant_id, a.updated_at, a.draft_expiry_noticed_at, a.version, sv.title as service_title
         from applications.application a
         join applications.service_version sv on sv.service_id = a.service_id and sv.version = a.service_version
        where a.status = 'DRAFT'
          and a.updated_at <= ?::timestamptz + make_interval(days => ?) - make_interval(months => ?)
          and (a.draft_expiry_noticed_at is null or a.draft_expiry_noticed_at < a.updated_at
               or a.draft_expiry_noticed_at <= ?::timestamptz - make_interval(days => ?))
        order by a.updated_at, a.id
        limit ?
        for update of a skip locked`,
      [now, policy.draftNoticeDays + MONTH_SLACK_DAYS, policy.draftMonths, now, policy.draftNoticeDays, batchSize],
    );
    const noticed: string[] = [];
    const removed: string[] = [];
    const events: NewEvent[] = [];
    for (const row of rows) {
      const lastChangedAt = dateOf(row.updated_at);
      const noticeSentAt = row.draft_expiry_noticed_at === null ? null : dateOf(row.draft_expiry_noticed_at);
      const step = draftRetentionStep({ lastChangedAt, noticeSentAt }, now, policy);
      const aggregate = { type: 'Application', id: row.id, version: row.version };
      if (step === 'NOTICE') {
        noticed.push(row.id);
        const removalAt = announcedRemovalAt(lastChangedAt, now, policy);
        events.push(domainEvent('DraftExpiring', aggregate, {
          applicationId: row.id,
          applicantId: row.applicant_id,
          serviceTitle: { ky: row.service_title.ky, ru: row.service_title.ru },
          lastChangedAt: lastChangedAt.toISOString(),
          removalAt: removalAt.toISOString(),
        }));
      } else if (step === 'REMOVE') {
        removed.push(row.id);
        events.push(domainEvent('DraftRemoved', aggregate, { applicationId: row.id, applicantId: row.applicant_id, lastChangedAt: lastChangedAt.toISOString(), removedAt: now.toISOString() }));
      }
    }
    if (noticed.length > 0) {
      // the marker is not a change of the draft: its version and updated_at stay, so the period does not restart
      await tx.execute('update applications.application set draft_expiry_noticed_at = ? where id = any(?::uuid[])', [now, uuidArray(noticed)]);
    }
    if (removed.length > 0) {
      // a draft has no number, documents, payment or appeal; its history rows go with it
      await tx.execute('delete from applications.status_change where application_id = any(?::uuid[])', [uuidArray(removed)]);
      await tx.execute(`delete from applications.application where id = any(?::uuid[]) and status = 'DRAFT'`, [uuidArray(removed)]);
    }
    if (events.length > 0) await recordEvents(tx, events);
    return events.length;
  });
}

async function archiveFinalApplications(orm: MikroORM, now: Date, policy: RetentionPolicy, batchSize: number): Promise<number> {
  if (!policy.archiveAfterRetention) return 0;
  return orm.em.fork().transactional(async (tx) => {
    const rows = await tx.execute<FinalRow[]>(
      `select a.id, a.number, a.provider_id, a.status, a.updated_at, a.version
         from applications.application a
        where a.status = any(?::text[]) and a.archived_at is null
          and a.updated_at <= ?::timestamptz - make_interval(months => ?)
        order by a.updated_at, a.id
        limit ?
        for update of a skip locked`,
      [`{${FINAL_STATUSES.join(',')}}`, now, policy.submittedMonths, batchSize],
    );
    const archivable = rows.filter((row) => isArchivable(row.status, dateOf(row.updated_at), now, policy));
    if (archivable.length === 0) return 0;
    await tx.execute('update applications.application set archived_at = ? where id = any(?::uuid[])', [now, uuidArray(archivable.map((row) => row.id))]);
    await recordEvents(
      tx,
      archivable.map((row) =>
        domainEvent('ApplicationArchived', { type: 'Application', id: row.id, version: row.version }, {
          applicationId: row.id,
          number: row.number,
          providerId: row.provider_id,
          status: row.status,
          archivedAt: now.toISOString(),
        }),
      ),
    );
    return archivable.length;
  });
}
