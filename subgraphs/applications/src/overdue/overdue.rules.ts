/**
 * Overdue detection: which deadline of an application the provider has newly missed,
 * so the platform announces it (ApplicationOverdue) once per application and deadline. "Overdue"
 * is the queue's rule (isApplicationOverdue: the intake notice while SUBMITTED, the decision while
 * IN_REVIEW, strictly after the deadline); the markers say what was already announced.
 */
import type { ApplicationStatus } from '../application/application-transitions.rules';
import { isApplicationOverdue } from '../queue/queue.rules';

export type OverdueDeadline = 'INTAKE' | 'DECISION';

export interface OverdueFacts {
  status: ApplicationStatus;
  intakeDueAt: Date | null;
  dueAt: Date | null;
  /** When a missed intake deadline was announced; null while not. */
  intakeOverdueAt: Date | null;
  /** When a missed decision deadline was announced; null while not. */
  decisionOverdueAt: Date | null;
}

/** The deadline the provider works to in this status, if missing it can make the application overdue. */
function deadlineOf(status: ApplicationStatus): OverdueDeadline | null {
  if (status === 'SUBMITTED') return 'INTAKE';
  if (status === 'IN_REVIEW') return 'DECISION';
  return null;
}

/** The deadline missed at `now` and not yet announced; null when there is none. */
export function newlyOverdueDeadline(facts: OverdueFacts, now: Date): { deadline: OverdueDeadline; dueAt: Date } | null {
  if (!isApplicationOverdue(facts.status, facts.intakeDueAt, facts.dueAt, now)) return null;
  const deadline = deadlineOf(facts.status);
  if (deadline === 'INTAKE' && facts.intakeOverdueAt === null) return { deadline, dueAt: facts.intakeDueAt! };
  if (deadline === 'DECISION' && facts.decisionOverdueAt === null) return { deadline, dueAt: facts.dueAt! };
  return null;
}

/**
 * Application.overdueSince: when the platform found the deadline the provider is working to missed
 * (the marker of the intake deadline while SUBMITTED, of the decision while IN_REVIEW); null while
 * on time, before the scan found it, or once the application no longer waits for the provider.
 */
export function overdueSince(facts: Pick<OverdueFacts, 'status' | 'intakeOverdueAt' | 'decisionOverdueAt'>): Date | null {
  const deadline = deadlineOf(facts.status);
  if (deadline === 'INTAKE') return facts.intakeOverdueAt;
  if (deadline === 'DECISION') return facts.decisionOverdueAt;
  return null;
}

/**
 * SQL of "newlyOverdueDeadline is not null" over `applications.application a`, `?` bound to "now"
 * twice. Each branch is the predicate of a partial index of Migration20261122000004Overdue (keep
 * them identical), so a scan reads only what is due.
 */
export const NEWLY_OVERDUE_SQL = `((a.status = 'SUBMITTED' and a.intake_overdue_at is null and a.intake_due_at < ?)
  or (a.status = 'IN_REVIEW' and a.decision_overdue_at is null and a.due_at < ?))`;
