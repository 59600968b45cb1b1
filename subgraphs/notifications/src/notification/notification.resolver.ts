import { AppError, Language, localize, resolveLanguage, type SubgraphContext, listSize } from '@portal/kit';
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { ApplicationReference } from '../application/application.type';
import { deliveriesLoader } from '../delivery/delivery.service';
import { Delivery } from '../delivery/delivery.type';
import { markNotificationsRead, ownNotification } from './notification.service';
import { Notification } from './notification.type';

/** Subscriptions are declared here so they compose; the gateway serves them (gateway/src/subscriptions). */
export const SUBSCRIPTIONS_AT_GATEWAY =
  'Subscriptions are served by the gateway over WebSocket (graphql-ws on its /graphql path); subscribe there, not to a subgraph.';

const servedByGateway = (): never => {
  throw new AppError('BAD_USER_INPUT', SUBSCRIPTIONS_AT_GATEWAY);
};

@Resolver(() => Notification)
export class NotificationResolver {
  @Query(() => Notification, { nullable: true, description: "One of the signed-in user's notifications; null when there is no such notification." })
  async notification(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Notification | null> {
    const notification = await ownNotification(ctx, id);
    return notification ? Notification.from(notification) : null;
  }

  @Subscription(() => Notification, { subscribe: servedByGateway, description: "The signed-in user's new notifications, as they are created." })
  notificationAdded(): Notification {
    return servedByGateway();
  }

  @FieldResolver(() => String)
  title(
    @Root() notification: Notification,
    @Ctx() ctx: SubgraphContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language | null,
  ): string {
    return localize(notification.titleText, resolveLanguage(ctx.caller, lang));
  }

  @FieldResolver(() => String)
  body(
    @Root() notification: Notification,
    @Ctx() ctx: SubgraphContext,
    @Arg('lang', () => Language, { nullable: true }) lang?: Language | null,
  ): string {
    return localize(notification.bodyText, resolveLanguage(ctx.caller, lang));
  }

  @FieldResolver(() => ApplicationReference, { nullable: true, description: 'The application the notification is about, if any.' })
  application(@Root() notification: Notification): ApplicationReference | null {
    return ApplicationReference.of(notification.applicationId);
  }

  @Directive(listSize(3))
  @FieldResolver(() => [Delivery], { description: 'Delivery status on each channel the notification was sent to.' })
  async deliveries(@Root() notification: Notification, @Ctx() ctx: SubgraphContext): Promise<Delivery[]> {
    const deliveries = await deliveriesLoader(ctx).load(notification.id);
    return deliveries.map((delivery) => Delivery.from(delivery));
  }

  @Mutation(() => Int, {
    description: `Marks the signed-in user's unread notifications among ids (at most 500) as read; returns how many changed.`,
  })
  markNotificationsRead(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: SubgraphContext): Promise<number> {
    return markNotificationsRead(ctx, ids);
  }
}
