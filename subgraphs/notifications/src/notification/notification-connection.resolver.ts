import type { SubgraphContext } from '@portal/kit';
import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { notificationCounts } from './notification.service';
import { NotificationConnection } from './notification.type';

/** The counts are computed only when asked for, both from one query. */
@Resolver(() => NotificationConnection)
export class NotificationConnectionResolver {
  @FieldResolver(() => Int, { description: 'How many notifications the list holds over all its pages (unread ones only with unreadOnly).' })
  async totalCount(@Root() connection: NotificationConnection, @Ctx() ctx: SubgraphContext): Promise<number> {
    const counts = await notificationCounts(ctx, connection.userId);
    return connection.unreadOnly ? counts.unread : counts.total;
  }

  @FieldResolver(() => Int, { description: "How many of the user's notifications are unread." })
  async unreadCount(@Root() connection: NotificationConnection, @Ctx() ctx: SubgraphContext): Promise<number> {
    return (await notificationCounts(ctx, connection.userId)).unread;
  }
}
