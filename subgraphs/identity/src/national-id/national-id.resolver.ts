import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { IdentityContext } from '../context';
import { AuthPayloadType } from '../session/session.type';

@Resolver()
export class NationalIdResolver {
  @Mutation(() => AuthPayloadType, { description: 'Signs in with an ID token of the Unified Identification System.' })
  loginWithNationalId(@Arg('idToken', () => String) idToken: string, @Ctx() ctx: IdentityContext): Promise<AuthPayloadType> {
    return ctx.identity.nationalId.login(ctx, idToken);
  }
}
