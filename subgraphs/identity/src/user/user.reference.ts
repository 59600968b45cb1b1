import { forbidden, isUuid, orderByKeys } from '@portal/kit';
import type DataLoader from 'dataloader';
import type { IdentityContext } from '../context';
import { ACCESS_TEXT, say } from '../messages';
import { UserAccount } from './user.entity';
import { accessDependsOnApplications, userAccessFor } from './user.rules';
import { UserType } from './user.type';

/** All accounts a request asks for, fetched by one SELECT. */
export function userLoader(ctx: IdentityContext): DataLoader<string, UserAccount | null> {
  return ctx.loaders.get<string, UserAccount | null>('identity.userById', async (ids) => {
    const wellFormed = ids.filter((id) => isUuid(id));
    const accounts = wellFormed.length > 0 ? await ctx.em.find(UserAccount, { id: { $in: wellFormed } }) : [];
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
