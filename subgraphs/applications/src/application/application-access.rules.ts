/**
 * Who may see and do what with an application, beside the status transitions (those are in
 * application-transitions.rules.ts): reading, assigning an executor, rating, appealing.
 * Pure: the service turns a reason into the contract's error.
 */
import type { RoleCode } from '@portal/kit';
import type { ApplicationStatus } from './application-transitions.rules';

export interface Viewer {
  userId: string | null;
  roles: readonly RoleCode[];
  providerId: string | null;
}

export interface ApplicationAccessFacts {
  applicantId: string;
  providerId: string;
  status: ApplicationStatus;
  /** The appeal body hearing a complaint about the application, if any. */
  appealBodyId?: string | null;
}

/** Statuses in which the provider still works on the application. */
export const STATUSES_IN_PROCESSING: readonly ApplicationStatus[] = ['SUBMITTED', 'AWAITING_PAYMENT', 'IN_REVIEW'];

export const MAX_REASON_LENGTH = 2000;
export const MAX_RATING_COMMENT_LENGTH = 2000;

const isOfficerOf = (viewer: Viewer, providerId: string): boolean =>
  viewer.roles.includes('PROVIDER_OFFICER') && viewer.providerId !== null && viewer.providerId === providerId;

/** An officer of the body hearing a complaint about the application reads it to decide. */
const isOfficerOfAppealBody = (viewer: Viewer, application: ApplicationAccessFacts): boolean =>
  application.appealBodyId != null && isOfficerOf(viewer, application.appealBodyId);

/**
 * Why the viewer may not read the application, or null. The applicant always may; an officer of
 * the service's provider and an operator may once it is submitted (a draft is the applicant's
 * private work until then, R-21).
 */
export function whyCannotView(viewer: Viewer, application: ApplicationAccessFacts): string | null {
  if (viewer.userId !== null && viewer.userId === application.applicantId) return null;
  if (application.status === 'DRAFT') return 'This application is a draft: only its applicant can see it until it is submitted.';
  if (isOfficerOf(viewer, application.providerId)) return null;
  if (isOfficerOfAppealBody(viewer, application)) return null;
  if (viewer.roles.includes('OPERATOR')) return null;
  return 'You may see only your own applications, or, as a provider officer, the applications made to your provider.';
}

export const CONTENT_FOR_APPLICANT_AND_PROVIDER =
  "Only the applicant and the provider's officers may see what an application holds (form data, the applicant, documents, reasons, appeals); the operator sees its number, service, status and dates.";

/**
 * Why the viewer may not see what the application holds, or null (least privilege, R-21, R-48):
 * its form data, applicant, result document, reasons and appeals are for the applicant and the
 * officers of the service's provider. Whoever else may view it (the operator, for support) sees
 * only its metadata: number, service, status, dates. Assumes whyCannotView said yes.
 */
export function whyCannotSeeContent(viewer: Viewer, application: ApplicationAccessFacts): string | null {
  if (viewer.userId !== null && viewer.userId === application.applicantId) return null;
  if (application.status !== 'DRAFT' && isOfficerOf(viewer, application.providerId)) return null;
  if (application.status !== 'DRAFT' && isOfficerOfAppealBody(viewer, application)) return null;
  return CONTENT_FOR_APPLICANT_AND_PROVIDER;
}

/** Why the viewer may not assign an executor (FORBIDDEN), or null. */
export function whyCannotAssign(viewer: Viewer, application: ApplicationAccessFacts): string | null {
  return isOfficerOf(viewer, application.providerId) ? null : 'Only an officer of the provider of this service may assign an executor.';
}

/** Why the viewer may not waive a registry document of the application (FORBIDDEN), or null. */
export function whyCannotWaiveDocuments(viewer: Viewer, application: ApplicationAccessFacts): string | null {
  return isOfficerOf(viewer, application.providerId)
    ? null
    : "Only an officer of the provider of this service may register an application without a registry document.";
}

/** Why the application cannot get an executor in its status (CONFLICT), or null. */
export function whyNotAssignableNow(status: ApplicationStatus): string | null {
  return STATUSES_IN_PROCESSING.includes(status)
    ? null
    : `An executor can be assigned only while the application is processed (${STATUSES_IN_PROCESSING.join(', ')}); it is ${status}.`;
}

export interface ExecutorCandidate {
  roles: readonly string[];
  providerId: string | null;
  blocked: boolean;
}

/** Why this person cannot execute the provider's application (BAD_USER_INPUT), or null. */
export function whyNotAnExecutor(executorId: string, candidate: ExecutorCandidate | null, providerId: string): string | null {
  if (!candidate || !candidate.roles.includes('PROVIDER_OFFICER') || candidate.providerId !== providerId) {
    return `User ${executorId} is not an officer of this provider; choose the executor among your provider's officers.`;
  }
  if (candidate.blocked) return `User ${executorId} is blocked and cannot execute applications; choose another officer.`;
  return null;
}

/** Whether the caller is the applicant (rating and appeals are the applicant's, R-36..R-38). */
export function whyNotTheApplicant(viewer: Viewer, application: ApplicationAccessFacts, what: string): string | null {
  return viewer.userId !== null && viewer.userId === application.applicantId ? null : `Only the applicant may ${what} this application.`;
}

/** Outcomes after which the provider no longer acts: the service may be rated. */
const FINAL_OUTCOMES: readonly ApplicationStatus[] = ['APPROVED', 'REFUSED', 'REJECTED', 'WITHDRAWN'];

/**
 * Why the application cannot be rated now (CONFLICT), or null (R-36: users rate the quality of the
 * service and suggest improvements; rating never holds up the provision). After any final outcome
 * (approved, refused, rejected at intake, withdrawn), and while the provider is late (overdue):
 * slowness is exactly what a rating should be able to say.
 */
export function whyNotRateableNow(status: ApplicationStatus, overdue: boolean): string | null {
  if (FINAL_OUTCOMES.includes(status) || overdue) return null;
  return `The service can be rated after the application's outcome (${FINAL_OUTCOMES.join(', ')}) or while the provider is late with it; it is ${status} and on time.`;
}

/** Why the score is not acceptable (BAD_USER_INPUT), or null. */
export function scoreProblem(score: number): string | null {
  return Number.isInteger(score) && score >= 1 && score <= 5 ? null : `score must be a whole number from 1 to 5; got ${score}.`;
}

/** Trims free text and checks its length; returns the text or a problem (BAD_USER_INPUT). */
export function checkedText(value: string | null | undefined, name: string, maxLength: number, required: boolean): { text: string | null } | { problem: string } {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return required ? { problem: `${name} is required: write it out.` } : { text: null };
  if ([...text].length > maxLength) return { problem: `${name} is ${[...text].length} characters long; shorten it to at most ${maxLength}.` };
  return { text };
}
