/**
 * Which application events make a person an applicant of a provider, for identity's own
 * least-privilege check (a provider officer sees the personal data of their provider's applicants
 * only). Pure: no GraphQL, no ORM, no I/O.
 */
import type { EventPayloads } from '@portal/kit';

export interface ApplicantRelation {
  providerId: string;
  applicantId: string;
  applicationId: string;
  /** When the application first left the draft. */
  since: Date;
}

/**
 * The relation an application status change establishes, or null for drafts: the provider only
 * learns of an application once it is submitted. A relation is kept afterwards (the officer still
 * works the case, its history and appeals), whatever the later status.
 */
export function applicantRelationOf(change: EventPayloads['ApplicationStatusChanged'], occurredAt: Date): ApplicantRelation | null {
  if (change.to === 'DRAFT') return null;
  if (!change.providerId || !change.applicantId) return null;
  const at = new Date(change.at);
  return { providerId: change.providerId, applicantId: change.applicantId, applicationId: change.applicationId, since: Number.isNaN(at.getTime()) ? occurredAt : at };
}

/**
 * The relation a complaint registered with an appeal body establishes: the body's
 * officers hear the case, so they may read the applicant's data as the provider's officers do.
 */
export function appealBodyRelationOf(change: EventPayloads['AppealChanged'], occurredAt: Date): ApplicantRelation | null {
  if (change.to === 'FILED' || !change.appealBody || !change.applicantId) return null;
  const at = new Date(change.at);
  return { providerId: change.appealBody.providerId, applicantId: change.applicantId, applicationId: change.applicationId, since: Number.isNaN(at.getTime()) ? occurredAt : at };
}
