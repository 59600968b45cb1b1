import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { IdentityContext } from '../context';
import { AuthPayloadType } from '../session/session.type';
import { NationalIdLoginStartType } from './national-id.type';

@Resolver()
export class NationalIdResolver {
  @Mutation(() => AuthPayloadType, { description: 'Signs in with an ID token of the Unified Identification System (each token once).' })
  loginWithNationalId(@Arg('idToken', () => String) idToken: string, @Ctx() ctx: IdentityContext): Promise<AuthPayloadType> {
    return ctx.identity.nationalId.login(ctx, idToken);
  }

  @Mutation(() => NationalIdLoginStartType, { description: 'Starts the authorization-code sign-in with state and nonce; redirectUri must be on the allow-list.' })
  async startNationalIdLogin(@Arg('redirectUri', () => String) redirectUri: string, @Ctx() ctx: IdentityContext): Promise<NationalIdLoginStartType> {
    return Object.assign(new NationalIdLoginStartType(), await ctx.identity.nationalId.startLogin(ctx, redirectUri));
  }

  @Mutation(() => AuthPayloadType, { description: 'Completes a started sign-in with the code and state the national system redirected back with.' })
  completeNationalIdLogin(@Arg('code', () => String) code: string, @Arg('state', () => String) state: string, @Ctx() ctx: IdentityContext): Promise<AuthPayloadType> {
    return ctx.identity.nationalId.completeLogin(ctx, code, state);
  }
}
