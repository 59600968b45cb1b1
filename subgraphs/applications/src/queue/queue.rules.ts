/**
 * The provider's queue: the due date it is sorted by, the overdue flag (R-34, R-41, S-21),
 * and the cursors of the application lists.
 */
import { isUuid } from '@portal/kit';
import { isOverdue } from '../calendar/working-calendar.rules';
import type { ApplicationStatus } from '../application/application-transitions.rules';

/**
 * The deadline the provider works to: the intake notice while SUBMITTED, the decision
 * otherwise (S-21); null while there is none (a draft, or a paid application waiting for payment).
 */
export function queueDueAt(status: ApplicationStatus, intakeDueAt: Date | null, dueAt: Date | null): Date | null {
  return status === 'SUBMITTED' ? intakeDueAt : dueAt;
}

/**
 * Overdue: the provider missed the deadline it is working to. Only while it still has to act:
 * the intake notice while SUBMITTED, the decision while IN_REVIEW. Waiting for the applicant's
 * payment, or decided, is never overdue.
 */
export function isApplicationOverdue(status: ApplicationStatus, intakeDueAt: Date | null, dueAt: Date | null, now: Date): boolean {
  if (status === 'SUBMITTED') return isOverdue(intakeDueAt, now);
  if (status === 'IN_REVIEW') return isOverdue(dueAt, now);
  return false;
}

/** SQL of queueDueAt, also the expression of the queue index (keep them identical). */
export const QUEUE_DUE_AT_SQL = `(case when a.status = 'SUBMITTED' then a.intake_due_at else a.due_at end)`;

/** SQL of isApplicationOverdue, with `?` bound to "now" twice. */
export const OVERDUE_SQL = `coalesce((a.status = 'SUBMITTED' and a.intake_due_at < ?) or (a.status = 'IN_REVIEW' and a.due_at < ?), false)`;

/** Queue position: the due date (null sorts last) and the id. */
export interface QueueCursor {
  d: string | null;
  id: string;
}

const isIsoInstant = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));

export const isQueueCursor = (value: unknown): value is QueueCursor =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as QueueCursor).id === 'string' &&
  isUuid((value as QueueCursor).id) &&
  ((value as QueueCursor).d === null || isIsoInstant((value as QueueCursor).d));

/** Position in an applicant's own list: newest first by creation, then id. */
export interface OwnListCursor {
  c: string;
  id: string;
}

export const isOwnListCursor = (value: unknown): value is OwnListCursor =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as OwnListCursor).id === 'string' &&
  isUuid((value as OwnListCursor).id) &&
  isIsoInstant((value as OwnListCursor).c);
