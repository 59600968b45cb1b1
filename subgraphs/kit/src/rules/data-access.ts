/**
 * Rules of recording reads of personal data: why a read happens (the purpose, from the
 * reader's role and the operation), and which records one request's reads make. Pure: no GraphQL,
 * no ORM, no I/O. The recorder is ../data-access.ts.
 */
import type { Caller, RoleCode } from '../caller';
import type { EventPayloads } from '../event-types';
import type { LocalizedText } from './form-definition';

/** The Federation tag that marks a schema field carrying personal data (see schema/personal-data-fields.txt). */
export const PERSONAL_DATA_TAG = 'personal-data';
/** For `@Directive(...)` on a type-graphql field. */
export const PERSONAL_DATA_DIRECTIVE = `@tag(name: "${PERSONAL_DATA_TAG}")`;

/** IDENTITY_VERIFICATION: the portal read the person from a state register through Tunduk to establish who they are (L-23). */
export type AccessPurpose = 'PROVIDER_APPLICATION_PROCESSING' | 'PORTAL_ADMINISTRATION' | 'OFFICIAL_PROFILE' | 'IDENTITY_VERIFICATION';

export const ACCESS_PURPOSES: readonly AccessPurpose[] = ['PROVIDER_APPLICATION_PROCESSING', 'PORTAL_ADMINISTRATION', 'OFFICIAL_PROFILE', 'IDENTITY_VERIFICATION'];

export const PURPOSE_TEXT: Record<AccessPurpose, LocalizedText> = {
  PROVIDER_APPLICATION_PROCESSING: {
    ky: 'кызмат көрсөтүүчүнүн арызын кароо',
    ru: 'рассмотрение заявления поставщиком услуги',
  },
  PORTAL_ADMINISTRATION: {
    ky: 'порталды администрациялоо',
    ru: 'администрирование портала',
  },
  OFFICIAL_PROFILE: {
    ky: 'арызды караган кызматкер катары маалыматты көрүү',
    ru: 'просмотр сведений о сотруднике, работающем с заявлением',
  },
  IDENTITY_VERIFICATION: {
    ky: 'инсандыгын мамлекеттик реестр боюнча текшерүү (Түндүк аркылуу)',
    ru: 'проверка личности по государственному реестру (через «Тундук»)',
  },
};

/** Root fields only provider officers use: an operator who is also an officer reads through them as an officer. */
const OFFICER_OPERATIONS = new Set([
  'applicationQueue',
  'acceptApplication',
  'rejectApplication',
  'assignApplication',
  'decideApplication',
  'appealQueue',
  'answerAppeal',
]);

/** One read, as the serving resolver states it. */
export interface PersonalDataRead {
  /** Whose data it is. */
  subjectUserId: string;
  /** What was read, e.g. "pin", "application.data", "result.document". */
  fields: string[];
  applicationId?: string | null;
  applicationNumber?: string | null;
  /** Set when the read is allowed because the subject works on the reader's application (a citizen reading the officer's name). */
  relation?: 'OFFICIAL_PROFILE';
}

export type PersonalDataReadRecord = EventPayloads['PersonalDataRead'];

/** Why the caller reads someone else's data in `operation` (the root field of the request in this subgraph). */
export function purposeOfRead(caller: Caller, operation: string | null, relation?: 'OFFICIAL_PROFILE'): { actorRole: RoleCode | null; purpose: AccessPurpose } {
  if (relation === 'OFFICIAL_PROFILE') return { actorRole: caller.roles.includes('PROVIDER_OFFICER') ? 'PROVIDER_OFFICER' : caller.roles.includes('OPERATOR') ? 'OPERATOR' : 'CITIZEN', purpose: 'OFFICIAL_PROFILE' };
  const officer = caller.roles.includes('PROVIDER_OFFICER');
  const operator = caller.roles.includes('OPERATOR');
  if (officer && (!operator || (operation !== null && OFFICER_OPERATIONS.has(operation)))) return { actorRole: 'PROVIDER_OFFICER', purpose: 'PROVIDER_APPLICATION_PROCESSING' };
  if (operator) return { actorRole: 'OPERATOR', purpose: 'PORTAL_ADMINISTRATION' };
  // a citizen reaches someone else's data only as the profile of an official working on their application
  return { actorRole: caller.roles.includes('CITIZEN') ? 'CITIZEN' : null, purpose: 'OFFICIAL_PROFILE' };
}

/**
 * The records to keep for the reads of one request: reads of one's own data are dropped; reads of
 * one subject for one application with one purpose merge into one record listing every field once.
 */
export function readRecordsFor(caller: Caller, reads: readonly PersonalDataRead[], operation: string | null, at: Date): PersonalDataReadRecord[] {
  const byKey = new Map<string, PersonalDataReadRecord>();
  for (const read of reads) {
    if (caller.userId !== null && read.subjectUserId === caller.userId) continue;
    const { actorRole, purpose } = purposeOfRead(caller, operation, read.relation);
    const key = `${read.subjectUserId}|${read.applicationId ?? ''}|${purpose}`;
    let record = byKey.get(key);
    if (!record) {
      record = {
        subjectUserId: read.subjectUserId,
        actorUserId: caller.userId,
        actorRole,
        actorProviderId: actorRole === 'PROVIDER_OFFICER' ? caller.providerId : null,
        purpose,
        fields: [],
        applicationId: read.applicationId ?? null,
        applicationNumber: read.applicationNumber ?? null,
        operation,
        requestId: caller.requestId,
        at: at.toISOString(),
      };
      byKey.set(key, record);
    }
    if (!record.applicationNumber && read.applicationNumber) record.applicationNumber = read.applicationNumber;
    for (const field of read.fields) if (!record.fields.includes(field)) record.fields.push(field);
  }
  return [...byKey.values()].map((record) => ({ ...record, fields: [...record.fields].sort() }));
}
