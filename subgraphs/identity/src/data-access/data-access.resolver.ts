import { Language, requireUser, CONNECTION_LIST_SIZE } from '@portal/kit';
import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { IdentityContext } from '../context';
import { say } from '../messages';
import { ProviderReference } from '../user/user.type';
import { PURPOSE_TEXT } from './data-access.rules';
import { DataAccessConnectionType, DataAccessEntryType } from './data-access.type';

@Resolver(() => DataAccessEntryType)
export class DataAccessResolver {
  @Directive(CONNECTION_LIST_SIZE)
  @Query(() => DataAccessConnectionType, { description: 'Who read your personal data and why, newest first (R-13).' })
  myDataAccessLog(
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: IdentityContext,
  ): Promise<DataAccessConnectionType> {
    const caller = requireUser(ctx);
    return ctx.identity.dataAccess.listOwn(ctx, caller.userId, first, after);
  }

  @FieldResolver(() => String)
  purpose(@Root() entry: DataAccessEntryType, @Arg('lang', () => Language, { nullable: true }) lang: Language | null, @Ctx() ctx: IdentityContext): string {
    return say(ctx.caller, PURPOSE_TEXT[entry.purposeCode], lang);
  }

  @FieldResolver(() => ProviderReference, { nullable: true, description: "the reader's provider, when a provider officer read the data" })
  provider(@Root() entry: DataAccessEntryType): ProviderReference | null {
    return ProviderReference.of(entry.actorProviderId);
  }

  @FieldResolver(() => ProviderReference, { nullable: true, description: 'the same as provider (kept for older clients)' })
  actorProvider(@Root() entry: DataAccessEntryType): ProviderReference | null {
    return ProviderReference.of(entry.actorProviderId);
  }
}
