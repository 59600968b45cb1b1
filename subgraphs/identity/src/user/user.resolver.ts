import { DateScalar, forbidden } from '@portal/kit';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { IdentityContext } from '../context';
import { ACCESS_TEXT, say } from '../messages';
import { AuthPayloadType } from '../session/session.type';
import { RegisterInput } from './user.inputs';
import { canSeePersonalFields } from './user.rules';
import { ProviderReference, UserType } from './user.type';

function personal<K extends 'pin' | 'birthDate' | 'address' | 'email' | 'phone'>(user: UserType, field: K, ctx: IdentityContext): UserType[K] {
  if (!canSeePersonalFields(user.access)) throw forbidden(say(ctx.caller, ACCESS_TEXT.personalFields));
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
  pin(@Root() user: UserType, @Ctx() ctx: IdentityContext): string {
    return personal(user, 'pin', ctx);
  }

  @FieldResolver(() => DateScalar, { nullable: true })
  birthDate(@Root() user: UserType, @Ctx() ctx: IdentityContext): string | null {
    return personal(user, 'birthDate', ctx);
  }

  @FieldResolver(() => String, { nullable: true })
  address(@Root() user: UserType, @Ctx() ctx: IdentityContext): string | null {
    return personal(user, 'address', ctx);
  }

  @FieldResolver(() => String, { nullable: true })
  email(@Root() user: UserType, @Ctx() ctx: IdentityContext): string | null {
    return personal(user, 'email', ctx);
  }

  @FieldResolver(() => String, { nullable: true })
  phone(@Root() user: UserType, @Ctx() ctx: IdentityContext): string | null {
    return personal(user, 'phone', ctx);
  }

  @FieldResolver(() => ProviderReference, { nullable: true, description: 'set for PROVIDER_OFFICER' })
  provider(@Root() user: UserType): ProviderReference | null {
    return ProviderReference.of(user.providerId);
  }
}
