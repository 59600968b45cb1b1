import { PageInfo, type SubgraphContext, CONNECTION_LIST_SIZE } from '@portal/kit';
import { Args, Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { NotificationsArgs } from '../notification/notification.inputs';
import { notificationPage, requireOwnNotifications } from '../notification/notification.service';
import { Notification, NotificationConnection, NotificationEdge } from '../notification/notification.type';
import { User } from './user.type';

@Resolver(() => User)
export class UserNotificationsResolver {
  @Directive(CONNECTION_LIST_SIZE)
  @FieldResolver(() => NotificationConnection, { description: "The user's notifications, newest first; only the user may read them." })
  async notifications(@Root() user: User, @Args(() => NotificationsArgs) args: NotificationsArgs, @Ctx() ctx: SubgraphContext): Promise<NotificationConnection> {
    requireOwnNotifications(ctx, user.id);
    const unreadOnly = args.unreadOnly ?? false;
    const page = await notificationPage(ctx.em, user.id, { unreadOnly, first: args.first, after: args.after });
    const edges = page.notifications.map((notification, index) =>
      Object.assign(new NotificationEdge(), { cursor: page.cursors[index], node: Notification.from(notification) }),
    );
    const pageInfo = Object.assign(new PageInfo(), { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null });
    return Object.assign(new NotificationConnection(), { edges, pageInfo, userId: user.id, unreadOnly });
  }
}
