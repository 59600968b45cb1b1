/**
 * Retention of applications (R-27.6, Kyrgyz edition ): drafts are kept at least three months,
 * submitted applications at least a year. Pure: the periods, the dates they give and what is due
 * now; the scan (retention.service.ts) applies them.
 */
import type { ApplicationStatus } from '../application/application-transitions.rules';

export interface RetentionPolicy {
  /** A draft untouched for this many months after its last change is removed (R-27.6: at least 3). */
  draftMonths: number;
  /** The applicant is told this many days before the removal. */
  draftNoticeDays: number;
  /** A submitted application is kept this many months after its final status (R-27.6: at least 12). */
  submittedMonths: number;
  /** After that it is archived (true) or simply kept where it is (false). */
  archiveAfterRetention: boolean;
}

/** The law's minimums: a configuration below them is refused, never applied. */
export const MIN_DRAFT_MONTHS = 3;
export const MIN_SUBMITTED_MONTHS = 12;

export const DEFAULT_RETENTION_POLICY: RetentionPolicy = { draftMonths: 3, draftNoticeDays: 7, submittedMonths: 12, archiveAfterRetention: true };

/** What is wrong with a policy, one line each; empty when it may be applied. */
export function retentionPolicyProblems(policy: RetentionPolicy): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(policy.draftMonths) || policy.draftMonths < MIN_DRAFT_MONTHS) {
    problems.push(`DRAFT_RETENTION_MONTHS: drafts are kept at least ${MIN_DRAFT_MONTHS} months (R-27.6); got ${policy.draftMonths}`);
  }
  if (!Number.isInteger(policy.submittedMonths) || policy.submittedMonths < MIN_SUBMITTED_MONTHS) {
    problems.push(`SUBMITTED_RETENTION_MONTHS: submitted applications are kept at least ${MIN_SUBMITTED_MONTHS} months (R-27.6); got ${policy.submittedMonths}`);
  }
  // a notice as long as the retention itself would be sent at the draft's last change
  if (!Number.isInteger(policy.draftNoticeDays) || policy.draftNoticeDays < 1 || policy.draftNoticeDays > 28) {
    problems.push(`DRAFT_EXPIRY_NOTICE_DAYS: a whole number of days from 1 to 28; got ${policy.draftNoticeDays}`);
  }
  return problems;
}

/**
 * `months` calendar months after `from`, at the same time of day; a day the month lacks becomes its
 * last day (30 November + 3 months = 28 or 29 February), so the period is never shorter than the months.
 */
export function addCalendarMonths(from: Date, months: number): Date {
  const target = new Date(from.getTime());
  const day = from.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a draft last changed at `lastChangedAt` may be removed at the earliest (R-27.6: not before `draftMonths` months). */
export function draftRemovalAt(lastChangedAt: Date, policy: RetentionPolicy): Date {
  return addCalendarMonths(lastChangedAt, policy.draftMonths);
}

/** When its applicant is told: `draftNoticeDays` before that. */
export function draftNoticeAt(lastChangedAt: Date, policy: RetentionPolicy): Date {
  return new Date(draftRemovalAt(lastChangedAt, policy).getTime() - policy.draftNoticeDays * DAY_MS);
}

export interface DraftRetentionFacts {
  lastChangedAt: Date;
  /** When the applicant was told of the removal; a notice from before the draft's last change no longer counts. */
  noticeSentAt: Date | null;
}

/** What the scan does to a draft at `now`: tell its applicant, remove it, or nothing yet. */
export function draftRetentionStep(draft: DraftRetentionFacts, now: Date, policy: RetentionPolicy): 'NOTICE' | 'REMOVE' | null {
  const noticed = draft.noticeSentAt !== null && draft.noticeSentAt.getTime() >= draft.lastChangedAt.getTime();
  if (!noticed) return now.getTime() >= draftNoticeAt(draft.lastChangedAt, policy).getTime() ? 'NOTICE' : null;
  // never removed sooner than the notice promised: a full notice period even when it went out late
  return now.getTime() >= announcedRemovalAt(draft.lastChangedAt, draft.noticeSentAt!, policy).getTime() ? 'REMOVE' : null;
}

/** The removal date a notice sent at `noticeSentAt` announces (the later of the retention's end and a full notice period). */
export function announcedRemovalAt(lastChangedAt: Date, noticeSentAt: Date, policy: RetentionPolicy): Date {
  return new Date(Math.max(draftRemovalAt(lastChangedAt, policy).getTime(), noticeSentAt.getTime() + policy.draftNoticeDays * DAY_MS));
}

/** Statuses after which nothing more happens to an application: its retention year runs from then. */
export const FINAL_STATUSES: readonly ApplicationStatus[] = ['REJECTED', 'APPROVED', 'REFUSED', 'WITHDRAWN'];

/**
 * A submitted application in a final status, last changed at `lastChangedAt` (its final status, or a
 * later rating or appeal, which restart the year), may be archived at `now`.
 */
export function isArchivable(status: ApplicationStatus, lastChangedAt: Date, now: Date, policy: RetentionPolicy): boolean {
  if (!policy.archiveAfterRetention || !FINAL_STATUSES.includes(status)) return false;
  return addCalendarMonths(lastChangedAt, policy.submittedMonths).getTime() <= now.getTime();
}

