/**
 * Rules of the personal-data access log: which reads are recorded and why they
 * happened. Pure: no GraphQL, no ORM, no I/O.
 */
import type { LocalizedText, RoleCode } from '@portal/kit';
import type { UserAccess } from '../user/user.rules';

export type AccessPurpose = 'PROVIDER_APPLICATION_PROCESSING' | 'PORTAL_ADMINISTRATION' | 'OFFICIAL_PROFILE';

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
};

export interface AccessRecordDraft {
  actorRole: RoleCode | null;
  purpose: AccessPurpose;
}

/** What to record for a read with the given access, or null when nothing is recorded (one's own data). */
export function accessRecordFor(access: UserAccess): AccessRecordDraft | null {
  switch (access) {
    case 'SELF':
      return null;
    case 'OPERATOR':
      return { actorRole: 'OPERATOR', purpose: 'PORTAL_ADMINISTRATION' };
    case 'OFFICER':
      return { actorRole: 'PROVIDER_OFFICER', purpose: 'PROVIDER_APPLICATION_PROCESSING' };
    case 'OFFICIAL_PROFILE':
      return { actorRole: 'CITIZEN', purpose: 'OFFICIAL_PROFILE' };
  }
}

/** How the actor is shown to the data subject: their user id, or 'anonymous'. */
export function actorLabel(actorUserId: string | null): string {
  return actorUserId ?? 'anonymous';
}
