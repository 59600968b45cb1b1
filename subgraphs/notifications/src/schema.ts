import { buildFederatedSchema, DateTimeScalar } from '@portal/kit';
import type { GraphQLSchema } from 'graphql';
import { NotificationConnectionResolver } from './notification/notification-connection.resolver';
import { NotificationResolver } from './notification/notification.resolver';
import { UserNotificationsResolver } from './user/user-notifications.resolver';
import { userReference } from './user/user.reference';
import { User } from './user/user.type';

/** The notifications subgraph schema; building it needs no database. */
export function buildNotificationsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [NotificationResolver, NotificationConnectionResolver, UserNotificationsResolver],
      // entities reached only through _entities are not reachable from Query: list them here
      orphanedTypes: [User],
      scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    },
    { ...userReference },
  );
}
