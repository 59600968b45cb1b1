import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { IdentityContext } from '../context';
import { UserType } from '../user/user.type';
import { ContactChallengeType, ContactChannel } from './contact.type';

@Resolver(() => UserType)
export class ContactResolver {
  @FieldResolver(() => Boolean, { description: 'the email was confirmed with a one-time code (only then do notices and codes go there); the holder and the operator see it' })
  emailVerified(@Root() user: UserType, @Ctx() ctx: IdentityContext): boolean {
    return ctx.identity.contacts.contactVerified(ctx, user, 'EMAIL');
  }

  @FieldResolver(() => Boolean, { description: 'the phone was confirmed with a one-time code (only then do SMS notices and codes go there); the holder and the operator see it' })
  phoneVerified(@Root() user: UserType, @Ctx() ctx: IdentityContext): boolean {
    return ctx.identity.contacts.contactVerified(ctx, user, 'PHONE');
  }

  @Mutation(() => ContactChallengeType, {
    description: 'Sends a one-time code to the new email (by email) or phone (by SMS); the account keeps its current contact until verifyContact confirms the new one. Throttled: RATE_LIMITED with retryAfterSeconds.',
  })
  updateContact(@Arg('channel', () => ContactChannel) channel: ContactChannel, @Arg('value', () => String) value: string, @Ctx() ctx: IdentityContext): Promise<ContactChallengeType> {
    return ctx.identity.contacts.updateContact(ctx, channel, value);
  }

  @Mutation(() => UserType, { description: 'Confirms the contact of the last updateContact with its code: it becomes the account\'s verified email or phone.' })
  verifyContact(@Arg('channel', () => ContactChannel) channel: ContactChannel, @Arg('code', () => String) code: string, @Ctx() ctx: IdentityContext): Promise<UserType> {
    return ctx.identity.contacts.verifyContact(ctx, channel, code);
  }

  @Mutation(() => Boolean, { description: 'Sends a reset code to the account\'s verified email, else phone. Always true: never reveals whether the account exists. Throttled per login and per address.' })
  requestPasswordReset(@Arg('login', () => String) login: string, @Ctx() ctx: IdentityContext): Promise<boolean> {
    return ctx.identity.contacts.requestPasswordReset(ctx, login);
  }

  @Mutation(() => Boolean, { description: 'Sets a new password with the code of requestPasswordReset and ends every session of the account.' })
  resetPassword(
    @Arg('login', () => String) login: string,
    @Arg('code', () => String) code: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: IdentityContext,
  ): Promise<boolean> {
    return ctx.identity.contacts.resetPassword(ctx, login, code, newPassword);
  }
}
