import { buildFederatedSchema, DateTimeScalar } from '@portal/kit';
import type { GraphQLSchema } from 'graphql';
import type { PubSub } from 'type-graphql';
import { ApplicationReference } from './application/application.type';
import { NotificationConnectionResolver } from './notification/notification-connection.resolver';
import { NotificationResolver, SUBSCRIPTIONS_AT_GATEWAY } from './notification/notification.resolver';
import { TelegramLinkResolver } from './delivery/telegram/telegram-link.resolver';
import { NotificationPreferencesResolver, UserPreferencesResolver } from './preference/preference.resolver';
import { UserNotificationsResolver } from './user/user-notifications.resolver';
import { userReference } from './user/user.reference';
import { User } from './user/user.type';

/** type-graphql insists on a PubSub once a Subscription is declared; this subgraph never publishes. */
const gatewayServesSubscriptions: PubSub = {
  publish: () => undefined,
  subscribe: () => {
    throw new Error(SUBSCRIPTIONS_AT_GATEWAY);
  },
};

/** The notifications subgraph schema; building it needs no database. */
export function buildNotificationsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [NotificationResolver, NotificationConnectionResolver, UserNotificationsResolver, UserPreferencesResolver, NotificationPreferencesResolver, TelegramLinkResolver],
      // entities reached only through _entities are not reachable from Query: list them here
      orphanedTypes: [User, ApplicationReference],
      scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
      pubSub: gatewayServesSubscriptions,
    },
    { ...userReference },
  );
}
