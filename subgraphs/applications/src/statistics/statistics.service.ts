import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, type BusEvent, isUuid, localize, payloadOf } from '@portal/kit';
import type { WorkingCalendar } from '../calendar/working-calendar.rules';
import {
  applyStatusChange,
  type MonthRange,
  monthOf,
  type OpenDataApplication,
  publishedFigures,
  type ServiceMonthFigures,
  statisticsPeriod,
} from './statistics.rules';

/**
 * The open-data projection (L-12): its own consumer of this subgraph's application events keeps one
 * row per application in applications.open_data_application (idempotent: every row remembers the
 * last application version it applied, and ratings and overdue marks only set values), and the
 * public figures are summed up from it per service, provider and month.
 */

/** The events the open-data consumer follows. */
export const OPEN_DATA_EVENT_TYPES = ['ApplicationStatusChanged', 'ApplicationOverdue', 'ApplicationRated'] as const;

interface ProjectionRow {
  application_id: string;
  service_id: string;
  provider_id: string;
  last_version: number;
  submitted_at: Date | null;
  received_month: string | null;
  accepted_month: string | null;
  payment_asked_at: Date | null;
  payment_confirmed_at: Date | null;
  outcome: OpenDataApplication['outcome'];
  concluded_month: string | null;
  working_days: number | null;
  missed_deadline: boolean;
}

const dateOrNull = (value: string | null | undefined): Date | null => {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

function fromRow(row: ProjectionRow): OpenDataApplication {
  return {
    applicationId: row.application_id,
    serviceId: row.service_id,
    providerId: row.provider_id,
    lastVersion: row.last_version,
    submittedAt: row.submitted_at ? new Date(row.submitted_at) : null,
    receivedMonth: row.received_month,
    acceptedMonth: row.accepted_month,
    paymentAskedAt: row.payment_asked_at ? new Date(row.payment_asked_at) : null,
    paymentConfirmedAt: row.payment_confirmed_at ? new Date(row.payment_confirmed_at) : null,
    outcome: row.outcome,
    concludedMonth: row.concluded_month,
    workingDays: row.working_days,
    missedDeadline: row.missed_deadline,
  };
}

async function projectStatusChange(em: EntityManager, event: BusEvent, calendar: WorkingCalendar): Promise<void> {
  const change = payloadOf(event, 'ApplicationStatusChanged');
  if (change.to === 'DRAFT') return;
  const [existing] = await em.execute<ProjectionRow[]>(`select * from applications.open_data_application where application_id = ? for update`, [change.applicationId]);
  const next = applyStatusChange(existing ? fromRow(existing) : null, {
    applicationId: change.applicationId,
    serviceId: change.serviceId,
    providerId: change.providerId,
    version: event.aggregateVersion,
    from: change.from,
    to: change.to,
    at: dateOrNull(change.at) ?? event.occurredAt,
    intakeDueAt: dateOrNull(change.intakeDueAt),
    dueAt: dateOrNull(change.dueAt),
  }, calendar);
  if (!next) return;
  await em.execute(
    `insert into applications.open_data_application
       (application_id, service_id, provider_id, last_version, submitted_at, received_month, accepted_month, payment_asked_at,
        payment_confirmed_at, outcome, concluded_month, working_days, missed_deadline)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (application_id) do update set
       last_version = excluded.last_version, submitted_at = excluded.submitted_at, received_month = excluded.received_month,
       accepted_month = excluded.accepted_month, payment_asked_at = excluded.payment_asked_at,
       payment_confirmed_at = excluded.payment_confirmed_at, outcome = excluded.outcome, concluded_month = excluded.concluded_month,
       working_days = excluded.working_days, missed_deadline = open_data_application.missed_deadline or excluded.missed_deadline`,
    [
      next.applicationId,
      next.serviceId,
      next.providerId,
      next.lastVersion,
      next.submittedAt,
      next.receivedMonth,
      next.acceptedMonth,
      next.paymentAskedAt,
      next.paymentConfirmedAt,
      next.outcome,
      next.concludedMonth,
      next.workingDays,
      next.missedDeadline,
    ],
  );
}

async function projectOverdue(em: EntityManager, event: BusEvent): Promise<void> {
  const overdue = payloadOf(event, 'ApplicationOverdue');
  // the scan runs only on applications submitted, so the row exists; an unknown one has nothing to mark
  await em.execute(`update applications.open_data_application set missed_deadline = true where application_id = ?`, [overdue.applicationId]);
}

async function projectRating(em: EntityManager, event: BusEvent): Promise<void> {
  const rated = payloadOf(event, 'ApplicationRated');
  const ratedAt = dateOrNull(rated.ratedAt) ?? event.occurredAt;
  // a new score replaces the old one and counts in the month of the latest rating
  await em.execute(`update applications.open_data_application set score = ?, rated_month = ? where application_id = ?`, [rated.score, monthOf(ratedAt), rated.applicationId]);
}

/** Handles one event of OPEN_DATA_EVENT_TYPES inside the consumer's transaction. */
export async function projectOpenData(em: EntityManager, event: BusEvent, calendar: WorkingCalendar): Promise<void> {
  if (event.type === 'ApplicationStatusChanged') return projectStatusChange(em, event, calendar);
  if (event.type === 'ApplicationOverdue') return projectOverdue(em, event);
  if (event.type === 'ApplicationRated') return projectRating(em, event);
}

export interface StatisticsFilter {
  range: MonthRange;
  serviceId?: string | null;
  providerId?: string | null;
}

/** The period and filters of a request, or BAD_USER_INPUT in the caller's language. */
export function statisticsFilterOf(
  args: { serviceId?: string | null; providerId?: string | null; fromMonth?: string | null; toMonth?: string | null },
  now: Date,
  language: 'KY' | 'RU',
): StatisticsFilter {
  const period = statisticsPeriod(args.fromMonth, args.toMonth, now);
  if (!period.ok) throw badInput(localize(period.problem, language));
  for (const [name, id] of [['serviceId', args.serviceId], ['providerId', args.providerId]] as const) {
    if (id !== null && id !== undefined && !isUuid(id)) {
      throw badInput(language === 'RU' ? `${name} должен быть идентификатором (UUID); получено ${JSON.stringify(id)}.` : `${name} идентификатор (UUID) болушу керек; берилгени ${JSON.stringify(id)}.`);
    }
  }
  return { range: period.range, serviceId: args.serviceId?.toLowerCase() ?? null, providerId: args.providerId?.toLowerCase() ?? null };
}

interface AggregateRow {
  service_id: string;
  provider_id: string;
  month: string;
  received: number;
  accepted: number;
  rejected_at_intake: number;
  approved: number;
  refused: number;
  concluded: number;
  concluded_overdue: number;
  median_working_days: number | null;
  p90_working_days: number | null;
  rating_count: number;
  rating_sum: number;
}

/**
 * The figures per service, provider and month of the period, in one query: each application counts
 * in the month of each of its steps (see applyStatusChange); months without any step are left out.
 */
export async function serviceStatistics(em: EntityManager, filter: StatisticsFilter): Promise<ServiceMonthFigures[]> {
  const conditions = ['month between ? and ?'];
  const params: unknown[] = [filter.range.fromMonth, filter.range.toMonth];
  if (filter.serviceId) {
    conditions.push('service_id = ?');
    params.push(filter.serviceId);
  }
  if (filter.providerId) {
    conditions.push('provider_id = ?');
    params.push(filter.providerId);
  }
  const rows = await em.execute<AggregateRow[]>(
    `with steps as (
       select service_id, provider_id, received_month as month, 1 as received, 0 as accepted, null::text as outcome,
              null::int as working_days, false as missed_deadline, null::int as score
         from applications.open_data_application where received_month is not null
       union all
       select service_id, provider_id, accepted_month, 0, 1, null, null, false, null
         from applications.open_data_application where accepted_month is not null
       union all
       select service_id, provider_id, concluded_month, 0, 0, outcome, working_days, missed_deadline, null
         from applications.open_data_application where concluded_month is not null and outcome <> 'WITHDRAWN'
       union all
       select service_id, provider_id, rated_month, 0, 0, null, null, false, score
         from applications.open_data_application where rated_month is not null and score is not null
     )
     select service_id, provider_id, month,
            sum(received)::int as received,
            sum(accepted)::int as accepted,
            count(*) filter (where outcome = 'REJECTED')::int as rejected_at_intake,
            count(*) filter (where outcome = 'APPROVED')::int as approved,
            count(*) filter (where outcome = 'REFUSED')::int as refused,
            count(outcome)::int as concluded,
            count(*) filter (where outcome is not null and missed_deadline)::int as concluded_overdue,
            (percentile_cont(0.5) within group (order by working_days))::float8 as median_working_days,
            (percentile_cont(0.9) within group (order by working_days))::float8 as p90_working_days,
            count(score)::int as rating_count,
            coalesce(sum(score), 0)::int as rating_sum
       from steps
      where ${conditions.join(' and ')}
      group by service_id, provider_id, month
      order by month, service_id, provider_id`,
    params,
  );
  return rows.map((row) =>
    publishedFigures({
      serviceId: row.service_id,
      providerId: row.provider_id,
      month: row.month,
      received: row.received,
      accepted: row.accepted,
      rejectedAtIntake: row.rejected_at_intake,
      approved: row.approved,
      refused: row.refused,
      medianWorkingDays: row.median_working_days,
      p90WorkingDays: row.p90_working_days,
      concluded: row.concluded,
      concludedOverdue: row.concluded_overdue,
      ratingCount: row.rating_count,
      ratingSum: row.rating_sum,
    }),
  );
}
