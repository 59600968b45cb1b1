import { CONNECTION_LIST_SIZE, PageInfo, type SubgraphContext } from '@portal/kit';
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Service } from '../service/service.type';
import { ratingComments, serviceRatingLoader } from './rating.service';
import { ServiceRating, ServiceRatingComment, ServiceRatingCommentConnection, ServiceRatingCommentEdge } from './rating.type';

/** Service.rating: public, like all information about services (S-21). */
@Resolver(() => Service)
export class ServiceRatingResolver {
  @FieldResolver(() => ServiceRating, { description: "The public average of every applicant's latest score of the service (R-36): rated after any outcome or while the provider was late." })
  async rating(@Root() service: Service, @Ctx() ctx: SubgraphContext): Promise<ServiceRating> {
    const summary = await serviceRatingLoader(ctx).load(service.id);
    return Object.assign(new ServiceRating(), summary);
  }
}

@Resolver()
export class RatingCommentsResolver {
  @Directive(CONNECTION_LIST_SIZE)
  @Query(() => ServiceRatingCommentConnection, {
    description: "PROVIDER_OFFICER of the service's provider, or OPERATOR: the comments and suggestions applicants left with their ratings (R-36), newest first, without the raters.",
  })
  async serviceRatingComments(
    @Arg('serviceId', () => ID) serviceId: string,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ServiceRatingCommentConnection> {
    const page = await ratingComments(ctx, serviceId, first, after);
    const edges = page.nodes.map(({ cursor, ...comment }) => Object.assign(new ServiceRatingCommentEdge(), { cursor, node: Object.assign(new ServiceRatingComment(), comment) }));
    const pageInfo = Object.assign(new PageInfo(), { hasNextPage: page.hasNextPage, endCursor: edges.length > 0 ? edges[edges.length - 1].cursor : null });
    return Object.assign(new ServiceRatingCommentConnection(), { edges, pageInfo, totalCount: page.totalCount });
  }
}
