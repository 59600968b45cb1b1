import { forbidden, notFound, listSize } from '@portal/kit';
import { JSONScalar } from '@portal/kit';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Directive, FieldResolver, ID, Info, Mutation, Resolver, Root } from 'type-graphql';
import type { IdentityContext } from '../context';
import { readUser } from '../user/user.reference';
import { canSeeSigningKeys } from '../user/user.rules';
import { UserType } from '../user/user.type';
import { SIGNING_KEYS_FORBIDDEN } from './signing-key.service';
import { SigningKeyType } from './signing-key.type';

@Resolver(() => SigningKeyType)
export class SigningKeyResolver {
  @Mutation(() => SigningKeyType, {
    description: 'Registers a public ES256 key for signing: SIMPLE, or QUALIFIED when its X.509 chain (leaf first) verifies up to the trusted root.',
  })
  registerSigningKey(
    @Arg('publicKeyJwk', () => JSONScalar) publicKeyJwk: unknown,
    @Arg('certificateChainPem', () => [String], { nullable: true }) certificateChainPem: string[] | null,
    @Ctx() ctx: IdentityContext,
  ): Promise<SigningKeyType> {
    return ctx.identity.signingKeys.register(ctx, publicKeyJwk, certificateChainPem);
  }

  @Mutation(() => SigningKeyType, { description: 'Revokes a signing key (its owner, or an operator).' })
  revokeSigningKey(@Arg('id', () => ID) id: string, @Ctx() ctx: IdentityContext): Promise<SigningKeyType> {
    return ctx.identity.signingKeys.revoke(ctx, id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'QUALIFIED only' })
  async certificateSubject(@Root() key: SigningKeyType, @Ctx() ctx: IdentityContext, @Info() info: GraphQLResolveInfo): Promise<string | null> {
    await recordKeyRead(ctx, key, 'signingKey.certificateSubject', info);
    return key.certificateSubject;
  }

  @FieldResolver(() => [String], { nullable: true, description: 'QUALIFIED only: PEMs, leaf first, trusted root excluded' })
  async certificateChainPem(@Root() key: SigningKeyType, @Ctx() ctx: IdentityContext, @Info() info: GraphQLResolveInfo): Promise<string[] | null> {
    await recordKeyRead(ctx, key, 'signingKey.certificateChainPem', info);
    return key.certificateChainPem;
  }

  @FieldResolver(() => UserType)
  async owner(@Root() key: SigningKeyType, @Ctx() ctx: IdentityContext): Promise<UserType> {
    const owner = await readUser(ctx, key.userId);
    if (!owner) throw notFound(`The owner of signing key ${key.id} no longer exists.`);
    return owner;
  }
}

@Resolver(() => UserType)
export class UserSigningKeysResolver {
  @Directive(listSize(5))
  @FieldResolver(() => [SigningKeyType], { description: 'Own keys, revoked ones included; shown to the owner and operators only.' })
  signingKeys(@Root() user: UserType, @Ctx() ctx: IdentityContext): Promise<SigningKeyType[]> {
    if (!canSeeSigningKeys(user.access)) throw forbidden(SIGNING_KEYS_FORBIDDEN);
    return ctx.identity.signingKeys.keysOfUser(ctx).load(user.id);
  }
}

/** A qualified certificate names its holder: a read by someone else (reached past the service's checks) is recorded. */
function recordKeyRead(ctx: IdentityContext, key: SigningKeyType, field: string, info: GraphQLResolveInfo): Promise<void> {
  const access = ctx.caller.userId === key.userId ? 'SELF' : ctx.caller.roles.includes('OPERATOR') ? 'OPERATOR' : 'OFFICER';
  return ctx.identity.dataAccess.record(ctx, { id: key.userId, roles: [] }, access, [field], info);
}
