import { DateScalar, forbidden } from '@portal/kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { IdentityContext } from '../context';
import { ACCESS_TEXT, say } from '../messages';
import { AuthPayloadType } from '../session/session.type';
import { RegisterInput } from './user.inputs';
import { canSeePersonalFields } from './user.rules';
import { ProviderReference, UserType } from './user.type';

export const PERSONAL_FIELD_FORBIDDEN = "Only the account holder, provider officers and operators see a person's identifiers, birth date, address and contacts.";

/** A personal field of the account, after the read is recorded in the holder's data-access log (unless it is the holder's own). */
async function personal<K extends 'pin' | 'birthDate' | 'address' | 'email' | 'phone'>(user: UserType, field: K, ctx: IdentityContext, info: GraphQLResolveInfo): Promise<UserType[K]> {
  if (!canSeePersonalFields(user.access)) throw forbidden(say(ctx.caller, ACCESS_TEXT.personalFields));
  await ctx.identity.dataAccess.record(ctx, user, user.access, [field], info);
  return user[field];
}

@Resolver(() => UserType)
export class UserResolver {
  @Query(() => String, { description: 'The version of the terms of use that register must accept.' })
  currentTermsVersion(@Ctx() ctx: IdentityContext): string {
    return ctx.identity.config.termsVersion;
  }

  @Query(() => UserType, { nullable: true, description: 'The signed-in user; null when not signed in.' })
  me(@Ctx() ctx: IdentityContext): Promise<UserType | null> {
    return ctx.identity.users.me(ctx);
  }

  @Mutation(() => AuthPayloadType)
  register(@Arg('input', () => RegisterInput) input: RegisterInput, @Ctx() ctx: IdentityContext): Promise<AuthPayloadType> {
    return ctx.identity.users.register(ctx, input);
  }

  @Mutation(() => UserType, { description: 'OPERATOR: blocks an account (e.g. registered with false data) and ends all its sessions.' })
  blockUser(
    @Arg('userId', () => ID) userId: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: IdentityContext,
  ): Promise<UserType> {
    return ctx.identity.users.block(ctx, userId, reason);
  }

  @Mutation(() => UserType, { description: 'OPERATOR: lifts a block.' })
  unblockUser(
    @Arg('userId', () => ID) userId: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: IdentityContext,
  ): Promise<UserType> {
    return ctx.identity.users.unblock(ctx, userId, reason);
  }

  @FieldResolver(() => String)
  async fullName(@Root() user: UserType, @Ctx() ctx: IdentityContext, @Info() info: GraphQLResolveInfo): Promise<string> {
    // everyone who may see the account sees the name (an applicant: the official on their application)
    await ctx.identity.dataAccess.record(ctx, user, user.access, ['fullName'], info);
    return user.fullName;
  }

  @FieldResolver(() => String)
  pin(@Root() user: UserType, @Ctx() ctx: IdentityContext, @Info() info: GraphQLResolveInfo): Promise<string> {
    return personal(user, 'pin', ctx, info);
  }

  @FieldResolver(() => DateScalar, { nullable: true })
  birthDate(@Root() user: UserType, @Ctx() ctx: IdentityContext, @Info() info: GraphQLResolveInfo): Promise<string | null> {
    return personal(user, 'birthDate', ctx, info);
  }

  @FieldResolver(() => String, { nullable: true })
  address(@Root() user: UserType, @Ctx() ctx: IdentityContext, @Info() info: GraphQLResolveInfo): Promise<string | null> {
    return personal(user, 'address', ctx, info);
  }

  @FieldResolver(() => String, { nullable: true })
  email(@Root() user: UserType, @Ctx() ctx: IdentityContext, @Info() info: GraphQLResolveInfo): Promise<string | null> {
    return personal(user, 'email', ctx, info);
  }

  @FieldResolver(() => String, { nullable: true })
  phone(@Root() user: UserType, @Ctx() ctx: IdentityContext, @Info() info: GraphQLResolveInfo): Promise<string | null> {
    return personal(user, 'phone', ctx, info);
  }

  @FieldResolver(() => ProviderReference, { nullable: true, description: 'set for PROVIDER_OFFICER' })
  provider(@Root() user: UserType): ProviderReference | null {
    return ProviderReference.of(user.providerId);
  }
}
