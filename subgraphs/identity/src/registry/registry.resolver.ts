import { CONNECTION_LIST_SIZE, TundukMessageConnectionType, TundukMessageLogVerificationType } from '@portal/kit';
import { Arg, Ctx, Directive, Int, Query, Resolver } from 'type-graphql';
import type { IdentityContext } from '../context';

@Resolver()
export class RegistryResolver {
  @Directive(CONNECTION_LIST_SIZE)
  @Query(() => TundukMessageConnectionType, { description: "OPERATOR: identity's exchanges with the state registries through Tunduk, newest first" })
  tundukMessageLog(
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: IdentityContext,
  ): Promise<TundukMessageConnectionType> {
    return ctx.identity.registry.listLog(ctx, first, after);
  }

  @Query(() => TundukMessageLogVerificationType, { description: "OPERATOR: checks the hash chain and the portal's signatures of identity's Tunduk message log" })
  verifyTundukMessageLog(@Ctx() ctx: IdentityContext): Promise<TundukMessageLogVerificationType> {
    return ctx.identity.registry.verifyLog(ctx);
  }
}
