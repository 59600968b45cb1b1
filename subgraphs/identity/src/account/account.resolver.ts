import { listSize } from '@portal/kit';
import { Arg, Ctx, Directive, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { IdentityContext } from '../context';
import { UserType } from '../user/user.type';
import { SESSION_LIST_LIMIT } from './account.rules';
import { SessionType } from './account.type';

@Resolver(() => UserType)
export class AccountResolver {
  @Directive(listSize(SESSION_LIST_LIMIT))
  @FieldResolver(() => [SessionType], { description: "the holder's sessions that still stand, the most recently used first (at most 50); FORBIDDEN for anyone else" })
  sessions(@Root() user: UserType, @Ctx() ctx: IdentityContext): Promise<SessionType[]> {
    return ctx.identity.account.sessionsOf(ctx, user);
  }

  @FieldResolver(() => String, { description: 'the terms version the holder accepted last; compare with Query.currentTermsVersion and ask again when it differs. FORBIDDEN for anyone else' })
  acceptedTermsVersion(@Root() user: UserType, @Ctx() ctx: IdentityContext): Promise<string> {
    return ctx.identity.account.acceptedTermsVersionOf(ctx, user);
  }

  @Mutation(() => Boolean, { description: 'Checks the current password (throttled like login), stores the new one and ends every other session of the account.' })
  changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: IdentityContext,
  ): Promise<boolean> {
    return ctx.identity.account.changePassword(ctx, currentPassword, newPassword);
  }

  @Mutation(() => Boolean, { description: "Ends one of the signed-in user's own sessions (its access tokens are refused at once); false when it had already ended." })
  endSession(@Arg('sessionId', () => ID) sessionId: string, @Ctx() ctx: IdentityContext): Promise<boolean> {
    return ctx.identity.account.endSession(ctx, sessionId);
  }

  @Mutation(() => Boolean, {
    description:
      'Withdraws consent to the terms of use and to personal-data processing: the account is closed (every session ends, sign-in is refused, notices stop after the one confirming it); submitted applications are kept as the law requires. Needs the password when the account has one.',
  })
  withdrawConsent(@Arg('password', () => String, { nullable: true }) password: string | null, @Ctx() ctx: IdentityContext): Promise<boolean> {
    return ctx.identity.account.withdrawConsent(ctx, password);
  }

  @Mutation(() => UserType, { description: 'Accepts the current version of the terms of use (Query.currentTermsVersion); another version is refused.' })
  acceptTerms(@Arg('version', () => String) version: string, @Ctx() ctx: IdentityContext): Promise<UserType> {
    return ctx.identity.account.acceptTerms(ctx, version);
  }
}
