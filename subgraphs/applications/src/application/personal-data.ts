import { type PersonalDataRead, recordPersonalDataRead } from '@portal/kit';
import type { GraphQLResolveInfo } from 'graphql';
import type { ApplicationsContext } from '../context';

/** The application a piece of personal data belongs to: its applicant is the data subject. */
export interface ApplicationOfData {
  id: string;
  applicantId: string;
  number: string | null;
}

/** The read of `field` of an application's personal data (the applicant's). */
export function applicationRead(application: ApplicationOfData, field: string): PersonalDataRead {
  return { subjectUserId: application.applicantId, fields: [field], applicationId: application.id, applicationNumber: application.number };
}

/**
 * Records that the caller read `field` of the application, in the applicant's data-access log, and
 * resolves once it is written (nothing is recorded for the applicant's own reads).
 */
export function recordApplicationRead(ctx: ApplicationsContext, application: ApplicationOfData, field: string, info: GraphQLResolveInfo): Promise<void> {
  return recordPersonalDataRead(ctx, applicationRead(application, field), info);
}
