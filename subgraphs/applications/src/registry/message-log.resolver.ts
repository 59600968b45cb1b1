import { CONNECTION_LIST_SIZE, requireRole, TundukMessageConnectionType, TundukMessageLogVerificationType, tundukMessageLogPage } from '@portal/kit';
import { TundukMessageLogEntry, verifyMessageLogChain } from '@portal/tunduk';
import { Arg, Ctx, Directive, Int, Query, Resolver } from 'type-graphql';
import type { ApplicationsContext } from '../context';

/** The operator's reading of this subgraph's own Tunduk message log: registry documents and prefill. */
@Resolver()
export class ApplicationsMessageLogResolver {
  @Directive(CONNECTION_LIST_SIZE)
  @Query(() => TundukMessageConnectionType, { description: "OPERATOR: the applications subgraph's exchanges with the state registries through Tunduk (once-only documents, prefill), newest first" })
  applicationsTundukMessageLog(
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: ApplicationsContext,
  ): Promise<TundukMessageConnectionType> {
    requireRole(ctx, 'OPERATOR');
    return tundukMessageLogPage(first, after, (beforeSeq, limit) =>
      ctx.em.find(TundukMessageLogEntry, beforeSeq ? { seq: { $lt: beforeSeq } } : {}, { orderBy: { seq: 'desc' }, limit }),
    );
  }

  @Query(() => TundukMessageLogVerificationType, { description: "OPERATOR: checks the hash chain and the portal's signatures of the applications subgraph's Tunduk message log" })
  async verifyApplicationsTundukMessageLog(@Ctx() ctx: ApplicationsContext): Promise<TundukMessageLogVerificationType> {
    requireRole(ctx, 'OPERATOR');
    const key = ctx.runtime.messageLogKey;
    return TundukMessageLogVerificationType.from(await verifyMessageLogChain(ctx.em, key ? { portalPublicKey: key } : {}));
  }
}
