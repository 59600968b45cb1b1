/**
 * Open data on how services perform (L-12; DESIGN.md "Cross-cutting"): per service, provider and
 * Bishkek calendar month. Pure: the month arguments, how one application's events change its
 * projection row, the figures as they are published (CSV and JSON). No clock, no I/O.
 */
import type { LocalizedText } from '@portal/kit';
import { localDateOf, type Suspension, type WorkingCalendar } from '../calendar/working-calendar.rules';

/** 'YYYY-MM', a Bishkek calendar month. */
export type Month = string;

/** The longest period one request may cover: three years of months. */
export const MAX_STATISTICS_MONTHS = 36;
/** The period when none is given: the current month and the eleven before it. */
export const DEFAULT_STATISTICS_MONTHS = 12;
/**
 * An average rating is published only from this many ratings in the month: one or two scores could
 * be traced back to the people who gave them by someone who knows who applied. Counts and working
 * days are about the provider's work and are published as they are.
 */
export const MIN_RATINGS_PUBLISHED = 3;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function monthOf(instant: Date): Month {
  return localDateOf(instant).slice(0, 7);
}

function monthIndex(month: Month): number {
  const [year, monthNumber] = month.split('-').map(Number);
  return year * 12 + (monthNumber - 1);
}

function monthOfIndex(index: number): Month {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export interface MonthRange {
  fromMonth: Month;
  toMonth: Month;
}

/**
 * The period asked for, or why it cannot be served (BAD_USER_INPUT, in both languages). Either end may
 * be left out: toMonth defaults to the current month, fromMonth to 11 months before toMonth.
 */
export function statisticsPeriod(
  fromMonth: string | null | undefined,
  toMonth: string | null | undefined,
  now: Date,
): { ok: true; range: MonthRange } | { ok: false; problem: LocalizedText } {
  for (const [name, value] of [['fromMonth', fromMonth], ['toMonth', toMonth]] as const) {
    if (value !== null && value !== undefined && !MONTH.test(value)) {
      return {
        ok: false,
        problem: {
          ru: `${name} должен быть месяцем в виде ГГГГ-ММ, например 2026-03; получено ${JSON.stringify(value)}.`,
          ky: `${name} ЖЖЖЖ-АА түрүндөгү ай болушу керек, мисалы 2026-03; берилгени ${JSON.stringify(value)}.`,
        },
      };
    }
  }
  const to = toMonth ?? (fromMonth ? monthOfIndex(Math.min(monthIndex(fromMonth) + DEFAULT_STATISTICS_MONTHS - 1, monthIndex(monthOf(now)))) : monthOf(now));
  const from = fromMonth ?? monthOfIndex(monthIndex(to) - (DEFAULT_STATISTICS_MONTHS - 1));
  if (monthIndex(from) > monthIndex(to)) {
    return {
      ok: false,
      problem: {
        ru: `fromMonth (${from}) позже toMonth (${to}): укажите начало периода не позже его конца.`,
        ky: `fromMonth (${from}) toMonth (${to}) айынан кийин: мезгилдин башталышы анын аягынан кеч болбошу керек.`,
      },
    };
  }
  const months = monthIndex(to) - monthIndex(from) + 1;
  if (months > MAX_STATISTICS_MONTHS) {
    return {
      ok: false,
      problem: {
        ru: `Период ${from}..${to} длиннее ${MAX_STATISTICS_MONTHS} месяцев (${months}): запросите его частями.`,
        ky: `${from}..${to} мезгили ${MAX_STATISTICS_MONTHS} айдан узун (${months}): аны бөлүп сураңыз.`,
      },
    };
  }
  return { ok: true, range: { fromMonth: from, toMonth: to } };
}

// ------------------------------------------------------------------ one application's projection row

/** What the projection keeps of one application: nothing that names a person. */
export interface OpenDataApplication {
  applicationId: string;
  serviceId: string;
  providerId: string;
  lastVersion: number;
  submittedAt: Date | null;
  receivedMonth: Month | null;
  acceptedMonth: Month | null;
  paymentAskedAt: Date | null;
  paymentConfirmedAt: Date | null;
  outcome: 'REJECTED' | 'APPROVED' | 'REFUSED' | 'WITHDRAWN' | null;
  concludedMonth: Month | null;
  workingDays: number | null;
  missedDeadline: boolean;
}

/** The facts of an ApplicationStatusChanged event this projection uses. */
export interface StatusChangeFacts {
  applicationId: string;
  serviceId: string;
  providerId: string;
  version: number;
  from: string | null;
  to: string;
  at: Date;
  intakeDueAt: Date | null;
  dueAt: Date | null;
}

const strictlyAfter = (at: Date, due: Date | null) => due !== null && at.getTime() > due.getTime();

/**
 * The row after a status change, or null when the event changes nothing (an older version than the
 * row already holds: a replay or a duplicate, so the consumer is idempotent). Months are the Bishkek
 * months of the step: received in the month of submission, accepted in the month of registration,
 * rejected at intake / approved / refused / withdrawn in the month of that step ("concluded").
 * Processing time runs from the day of receipt to the day of the decision in working days, the days
 * waiting for payment left out (item 21, R-40). A deadline is missed when the intake answer came
 * after intakeDueAt or the decision after dueAt (or the overdue scan announced it: ApplicationOverdue).
 */
export function applyStatusChange(row: OpenDataApplication | null, change: StatusChangeFacts, calendar: WorkingCalendar): OpenDataApplication | null {
  if (row && change.version <= row.lastVersion) return null;
  const current: OpenDataApplication = row ?? {
    applicationId: change.applicationId,
    serviceId: change.serviceId,
    providerId: change.providerId,
    lastVersion: 0,
    submittedAt: null,
    receivedMonth: null,
    acceptedMonth: null,
    paymentAskedAt: null,
    paymentConfirmedAt: null,
    outcome: null,
    concludedMonth: null,
    workingDays: null,
    missedDeadline: false,
  };
  const next: OpenDataApplication = { ...current, lastVersion: change.version };
  const month = monthOf(change.at);
  // an upheld complaint reopened a rejection or refusal: the outcome is pending again, the receipt stays the first
  if (change.from === 'REJECTED' || change.from === 'REFUSED') return { ...next, outcome: null, concludedMonth: null, workingDays: null };
  const intakeAnswer = change.from === 'SUBMITTED';
  if (intakeAnswer && strictlyAfter(change.at, change.intakeDueAt)) next.missedDeadline = true;
  switch (change.to) {
    case 'SUBMITTED':
      next.submittedAt = change.at;
      next.receivedMonth = month;
      break;
    case 'AWAITING_PAYMENT':
      next.acceptedMonth = month;
      next.paymentAskedAt = change.at;
      break;
    case 'IN_REVIEW':
      if (intakeAnswer) next.acceptedMonth = month;
      if (change.from === 'AWAITING_PAYMENT') next.paymentConfirmedAt = change.at;
      break;
    case 'REJECTED':
      next.outcome = 'REJECTED';
      next.concludedMonth = month;
      break;
    case 'APPROVED':
    case 'REFUSED': {
      next.outcome = change.to;
      next.concludedMonth = month;
      if (strictlyAfter(change.at, change.dueAt)) next.missedDeadline = true;
      const suspensions: Suspension[] =
        next.paymentAskedAt && next.paymentConfirmedAt ? [{ from: next.paymentAskedAt, until: next.paymentConfirmedAt }] : [];
      next.workingDays = next.submittedAt ? calendar.workingDaysTaken(next.submittedAt, change.at, suspensions) : null;
      break;
    }
    case 'WITHDRAWN':
      next.outcome = 'WITHDRAWN';
      next.concludedMonth = month;
      break;
    default:
      break;
  }
  return next;
}

// ------------------------------------------------------------------ the published figures

/** One month of one service of one provider, as published. */
export interface ServiceMonthFigures {
  serviceId: string;
  providerId: string;
  month: Month;
  received: number;
  accepted: number;
  rejectedAtIntake: number;
  approved: number;
  refused: number;
  medianWorkingDays: number | null;
  p90WorkingDays: number | null;
  overdueShare: number | null;
  averageRating: number | null;
}

/** The aggregate of one service-month as the database sums it up, before it is published. */
export interface ServiceMonthAggregate extends Omit<ServiceMonthFigures, 'overdueShare' | 'averageRating'> {
  concluded: number;
  concludedOverdue: number;
  ratingCount: number;
  ratingSum: number;
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * The published figures of an aggregate: the overdue share among applications concluded in the month
 * (rejected at intake, approved or refused; withdrawn ones are not the provider's outcome), rounded to
 * three decimals; the average rating to two decimals, only from MIN_RATINGS_PUBLISHED ratings on; the
 * percentiles (linear interpolation, as PostgreSQL's percentile_cont) to one decimal.
 */
export function publishedFigures(aggregate: ServiceMonthAggregate): ServiceMonthFigures {
  return {
    serviceId: aggregate.serviceId,
    providerId: aggregate.providerId,
    month: aggregate.month,
    received: aggregate.received,
    accepted: aggregate.accepted,
    rejectedAtIntake: aggregate.rejectedAtIntake,
    approved: aggregate.approved,
    refused: aggregate.refused,
    medianWorkingDays: aggregate.medianWorkingDays === null ? null : round(aggregate.medianWorkingDays, 1),
    p90WorkingDays: aggregate.p90WorkingDays === null ? null : round(aggregate.p90WorkingDays, 1),
    overdueShare: aggregate.concluded > 0 ? round(aggregate.concludedOverdue / aggregate.concluded, 3) : null,
    averageRating: aggregate.ratingCount >= MIN_RATINGS_PUBLISHED ? round(aggregate.ratingSum / aggregate.ratingCount, 2) : null,
  };
}

/** The columns of the CSV download, in order; the JSON download uses the same names. */
export const STATISTICS_COLUMNS = [
  'month',
  'serviceId',
  'providerId',
  'received',
  'accepted',
  'rejectedAtIntake',
  'approved',
  'refused',
  'medianWorkingDays',
  'p90WorkingDays',
  'overdueShare',
  'averageRating',
] as const satisfies ReadonlyArray<keyof ServiceMonthFigures>;

/** RFC 4180 CSV with a header line; empty cells for null; CRLF line ends. */
export function statisticsCsv(rows: readonly ServiceMonthFigures[]): string {
  const lines = [STATISTICS_COLUMNS.join(',')];
  for (const row of rows) lines.push(STATISTICS_COLUMNS.map((column) => csvCell(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The JSON download: the period, the definitions' version and the rows. */
export function statisticsJson(range: MonthRange, rows: readonly ServiceMonthFigures[]): string {
  return JSON.stringify({ schema: 'portal-service-statistics/1', fromMonth: range.fromMonth, toMonth: range.toMonth, columns: STATISTICS_COLUMNS, rows });
}
