import type { MikroORM } from '@mikro-orm/postgresql';
import { dateOfColumn as dateOf, domainEvent, type LocalizedText, type NewEvent, recordEvents } from '@portal/kit';
import type { ApplicationStatus } from '../application/application-transitions.rules';
import type { ApplicationsRuntime } from '../context';
import { NEWLY_OVERDUE_SQL, newlyOverdueDeadline, type OverdueDeadline } from './overdue.rules';

/**
 * The overdue scan: finds the applications whose intake or decision deadline has just
 * been missed, marks them and announces each (ApplicationOverdue) in ONE transaction, so a deadline
 * is announced exactly once. The rows are taken `for update skip locked`: replicas scanning at the
 * same time split the work instead of announcing twice, and a transition racing with the scan waits
 * for it (the marker is not a change of the application: its version, the optimistic lock, stays).
 * Statements per batch: the select, the marker update and the outbox insert, whatever the batch size.
 */

interface DueRow {
  id: string;
  number: string | null;
  applicant_id: string;
  provider_id: string;
  status: ApplicationStatus;
  intake_due_at: Date | string | null;
  due_at: Date | string | null;
  intake_overdue_at: Date | string | null;
  decision_overdue_at: Date | string | null;
  version: number;
  service_title: LocalizedText;
}


/** A Postgres uuid[] literal (ids come from the database: no quoting needed). */
const uuidArray = (ids: string[]): string => `{${ids.join(',')}}`;

/**
 * Announces up to `batchSize` newly overdue applications. Returns true when it announced a full
 * batch (there may be more: the periodic task runs it again at once).
 */
export async function announceOverdueApplications(orm: MikroORM, runtime: Pick<ApplicationsRuntime, 'now'>, batchSize = 100): Promise<boolean> {
  const now = runtime.now();
  const announced = await orm.em.fork().transactional(async (tx) => {
    // the title comes with the row from the service-version projection: one statement for the batch
    const rows = await tx.execute<DueRow[]>(
      `select a.id, a.number, a.applicant_id, a.provider_id, a.status, a.intake_due_at, a.due_at,
              a.intake_overdue_at, a.decision_overdue_at, a.version, sv.title as service_title
         from applications.application a
         join applications.service_version sv on sv.service_id = a.service_id and sv.version = a.service_version
        where ${NEWLY_OVERDUE_SQL}
        limit ?
        for update of a skip locked`,
      [now, now, batchSize],
    );
    const intake: string[] = [];
    const decision: string[] = [];
    const events: NewEvent[] = [];
    for (const row of rows) {
      const missed = newlyOverdueDeadline(
        {
          status: row.status,
          intakeDueAt: dateOf(row.intake_due_at),
          dueAt: dateOf(row.due_at),
          intakeOverdueAt: dateOf(row.intake_overdue_at),
          decisionOverdueAt: dateOf(row.decision_overdue_at),
        },
        now,
      );
      if (!missed) continue; // the SQL and the rule agree; a row the rule refuses is left alone
      (missed.deadline === 'INTAKE' ? intake : decision).push(row.id);
      events.push(domainEvent('ApplicationOverdue', { type: 'Application', id: row.id, version: row.version }, overduePayload(row, missed, now)));
    }
    if (events.length === 0) return 0;
    await tx.execute(
      `update applications.application a
          set intake_overdue_at = case when a.id = any(?::uuid[]) then ?::timestamptz else a.intake_overdue_at end,
              decision_overdue_at = case when a.id = any(?::uuid[]) then ?::timestamptz else a.decision_overdue_at end
        where a.id = any(?::uuid[])`,
      [uuidArray(intake), now, uuidArray(decision), now, uuidArray([...intake, ...decision])],
    );
    await recordEvents(tx, events);
    return events.length;
  });
  return announced === batchSize;
}

function overduePayload(row: DueRow, missed: { deadline: OverdueDeadline; dueAt: Date }, now: Date) {
  return {
    applicationId: row.id,
    number: row.number,
    applicantId: row.applicant_id,
    providerId: row.provider_id,
    serviceTitle: { ky: row.service_title.ky, ru: row.service_title.ru },
    deadline: missed.deadline,
    dueAt: missed.dueAt.toISOString(),
    status: row.status,
    detectedAt: now.toISOString(),
  };
}
