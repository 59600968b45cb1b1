import { buildFederatedSchema, DateTimeScalar } from '@portal/kit';
import type { GraphQLSchema } from 'graphql';
import { ServiceRatingResolver } from './rating/rating.resolver';
import { serviceReference } from './service/service.reference';
import { Service } from './service/service.type';

/** The applications subgraph schema; building it needs no database. */
export function buildApplicationsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [ServiceRatingResolver],
      // entities reached only through _entities are not reachable from Query: list them here
      orphanedTypes: [Service],
      scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    },
    { ...serviceReference },
  );
}
