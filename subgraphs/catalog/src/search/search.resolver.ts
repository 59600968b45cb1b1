import { CONNECTION_LIST_SIZE } from '@portal/kit';
import { Arg, Ctx, Directive, Int, Query, Resolver } from 'type-graphql';
import type { CatalogContext } from '../context';
import { ServiceFilterInput } from './search.inputs';
import { searchServices } from './search.service';
import { ServiceConnectionType } from './search.type';

@Resolver()
export class SearchResolver {
  @Directive(CONNECTION_LIST_SIZE)
  @Query(() => ServiceConnectionType, { description: 'The catalogue, filtered and searched in both languages. Public.' })
  services(
    @Ctx() ctx: CatalogContext,
    @Arg('filter', () => ServiceFilterInput, { nullable: true }) filter?: ServiceFilterInput | null,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100, default 20.' }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<ServiceConnectionType> {
    return searchServices(ctx, filter, first, after);
  }
}
