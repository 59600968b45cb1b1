import { type NewEvent, domainEvent } from '@portal/kit';
import type { UserAccount } from './user.entity';

/** What other subgraphs keep of an account (contacts for notices, PIN for payments, roles, block). */
export function userProfileChanged(account: UserAccount): NewEvent {
  return domainEvent('UserProfileChanged', { type: 'User', id: account.id, version: account.version }, {
    userId: account.id,
    kind: account.kind,
    pin: account.pin,
    fullName: account.fullName,
    birthDate: account.birthDate,
    address: account.address,
    email: account.email,
    phone: account.phone,
    preferredLanguage: account.preferredLanguage,
    roles: [...account.roles],
    providerId: account.providerId,
    blocked: account.blockedAt !== null,
    identityVerified: account.identityVerifiedAt !== null,
  });
}
