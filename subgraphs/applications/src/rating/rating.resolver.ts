import type { SubgraphContext } from '@portal/kit';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Service } from '../service/service.type';
import { serviceRatingLoader } from './rating.service';
import { ServiceRating } from './rating.type';

/** Service.rating: public, like all information about services (S-21). */
@Resolver(() => Service)
export class ServiceRatingResolver {
  @FieldResolver(() => ServiceRating, { description: 'How applicants rated the service after a decision (R-36).' })
  async rating(@Root() service: Service, @Ctx() ctx: SubgraphContext): Promise<ServiceRating> {
    const summary = await serviceRatingLoader(ctx).load(service.id);
    return Object.assign(new ServiceRating(), summary);
  }
}
