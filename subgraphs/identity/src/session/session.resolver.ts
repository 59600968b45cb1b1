import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { IdentityContext } from '../context';
import { LoginInput } from './session.inputs';
import { AuthPayloadType } from './session.type';

@Resolver()
export class SessionResolver {
  @Mutation(() => AuthPayloadType, { description: 'Signs in with a PIN, email or phone and the password.' })
  login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() ctx: IdentityContext): Promise<AuthPayloadType> {
    return ctx.identity.sessions.login(ctx, input);
  }

  @Mutation(() => AuthPayloadType, { description: 'Spends the refresh token and returns a new access token and the next refresh token.' })
  refreshSession(@Arg('refreshToken', () => String) refreshToken: string, @Ctx() ctx: IdentityContext): Promise<AuthPayloadType> {
    return ctx.identity.sessions.refresh(ctx, refreshToken);
  }

  @Mutation(() => Boolean, {
    description:
      'With refreshToken: ends that session only (this device; works with an expired access token). Without: ends every session of the signed-in user. True when a session was ended.',
  })
  logout(@Arg('refreshToken', () => String, { nullable: true }) refreshToken: string | null, @Ctx() ctx: IdentityContext): Promise<boolean> {
    return ctx.identity.sessions.logout(ctx, refreshToken);
  }
}
