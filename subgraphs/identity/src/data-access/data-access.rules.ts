/**
 * Rules of the personal-data access log on identity's side: which reads of an account
 * are recorded, and how the reader is shown to the data subject. The purposes and their texts are
 * shared by every subgraph (kit data-access.ts). Pure: no GraphQL, no ORM, no I/O.
 */
import { type LanguageCode, type PersonalDataRead, type RoleCode, localize } from '@portal/kit';
import { registryMemberOfService } from '@portal/tunduk';
import type { UserAccess } from '../user/user.rules';

export { PURPOSE_TEXT, type AccessPurpose } from '@portal/kit';

/**
 * The read to record when the caller, with the given access, reads `fields` of an account; null for
 * one's own. An applicant reading the official on their application, and an officer reading a
 * colleague's (an official's) profile, read an official profile; other reads take their purpose from
 * the reader's role and the operation.
 */
export function accountReadFor(access: UserAccess, subject: { id: string; roles: readonly RoleCode[] }, fields: string[]): PersonalDataRead | null {
  const official = subject.roles.includes('PROVIDER_OFFICER') || subject.roles.includes('OPERATOR');
  switch (access) {
    case 'SELF':
      return null;
    case 'OFFICIAL_PROFILE':
      return { subjectUserId: subject.id, fields, relation: 'OFFICIAL_PROFILE' };
    case 'OFFICER':
      return official ? { subjectUserId: subject.id, fields, relation: 'OFFICIAL_PROFILE' } : { subjectUserId: subject.id, fields };
    case 'OPERATOR':
      return { subjectUserId: subject.id, fields };
  }
}

/** How a read of a state register through Tunduk is shown: the portal asking the register that holds the service. */
export function registryReaderLabel(serviceId: string | null, language: LanguageCode): string {
  const member = serviceId ? registryMemberOfService(serviceId) : null;
  const registry = member ? localize(member.name, language) : localize({ ru: 'государственный реестр', ky: 'мамлекеттик реестр' }, language);
  return localize({ ru: `Портал: запрос через «Тундук» (${registry})`, ky: `Портал: «Түндүк» аркылуу суроо (${registry})` }, language);
}

/**
 * How the reader is shown to the data subject: by name; a provider's document management system
 * when the provider received the data through its EDMS (no person); 'anonymous' when nobody was signed in.
 */
export function actorLabel(actorUserId: string | null, actorName: string | null | undefined, actorProviderId: string | null = null): string {
  if (!actorUserId) return actorProviderId ? "the provider's document management system (EDMS)" : 'anonymous';
  return actorName ?? 'unknown user';
}
