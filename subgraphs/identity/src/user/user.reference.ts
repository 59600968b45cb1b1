import { dateOfColumn, forbidden, isUuid, type LanguageCode, orderByKeys, type RoleCode, type TimestampColumn } from '@portal/kit';
import type DataLoader from 'dataloader';
import type { IdentityContext } from '../context';
import { ACCESS_TEXT, say } from '../messages';
import type { UserKindCode } from './user.rules';
import { type UserRecord, UserType } from './user.type';
import { accessDependsOnApplications, userAccessFor } from './user.rules';

interface UserRow {
  id: string;
  kind: UserKindCode;
  pin: string;
  full_name: string;
  birth_date: string | null;
  address: string | null;
  email: string | null;
  phone: string | null;
  email_verified_at: TimestampColumn | null;
  phone_verified_at: TimestampColumn | null;
  preferred_language: LanguageCode;
  roles: RoleCode[];
  provider_id: string | null;
  blocked_at: TimestampColumn | null;
  identity_verified_at: TimestampColumn | null;
}

const USER_SELECT = `select id, kind, pin, full_name, birth_date::text as birth_date, address, email, phone, email_verified_at, phone_verified_at,
  preferred_language, roles, provider_id, blocked_at, identity_verified_at from identity.user_account where id = any(?::uuid[])`;

function userOfRow(row: UserRow): UserRecord {
  return {
    id: row.id,
    kind: row.kind,
    pin: row.pin,
    fullName: row.full_name,
    birthDate: row.birth_date,
    address: row.address,
    email: row.email,
    phone: row.phone,
    emailVerifiedAt: dateOfColumn(row.email_verified_at),
    phoneVerifiedAt: dateOfColumn(row.phone_verified_at),
    preferredLanguage: row.preferred_language,
    roles: row.roles,
    providerId: row.provider_id,
    blockedAt: dateOfColumn(row.blocked_at),
    identityVerifiedAt: dateOfColumn(row.identity_verified_at),
  };
}

/**
 * All accounts a request asks for, fetched by one SELECT as plain records: the readers (`me`,
 * `_entities`, names in the access log) only read them, and a managed entity per account was most of
 * the cost of resolving a queue page's applicants (issue 10). Changes load UserAccount entities.
 */
export function userLoader(ctx: IdentityContext): DataLoader<string, UserRecord | null> {
  return ctx.loaders.get<string, UserRecord | null>('identity.userById', async (ids) => {
    const wellFormed = [...new Set(ids.filter((id) => isUuid(id)).map((id) => id.toLowerCase()))];
    const accounts = wellFormed.length > 0 ? (await ctx.em.execute<UserRow[]>(USER_SELECT, [`{${wellFormed.join(',')}}`])).map(userOfRow) : [];
    return orderByKeys(ids, accounts, (account) => account.id);
  });
}

export const READ_USER_ANONYMOUS_FORBIDDEN = 'Personal data of portal users is not shown to anonymous callers: sign in first.';

/**
 * An account as the caller may see it; null when there is no such account; FORBIDDEN when the caller
 * may not see it at all. Its personal fields record their reads when resolved (UserResolver).
 */
export async function readUser(ctx: IdentityContext, id: string): Promise<UserType | null> {
  if (!ctx.caller.userId) throw forbidden(READ_USER_ANONYMOUS_FORBIDDEN);
  const account = await userLoader(ctx).load(id);
  if (!account) return null;
  const appliedToReadersProvider = accessDependsOnApplications(ctx.caller, account) && (await ctx.identity.providerApplicants.appliedToCallersProvider(ctx).load(account.id));
  const access = userAccessFor(ctx.caller, account, { appliedToReadersProvider });
  if (!access) throw forbidden(say(ctx.caller, ACCESS_TEXT.otherAccount));
  return UserType.from(account, access);
}

/** Federation: `_entities` for User, e.g. an application's applicant or executor. */
export const userReferenceResolver = {
  __resolveReference(reference: { id: string }, ctx: IdentityContext): Promise<UserType | null> {
    return readUser(ctx, reference.id);
  },
};
