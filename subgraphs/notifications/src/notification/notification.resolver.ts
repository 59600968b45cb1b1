import { Language, localize, resolveLanguage, type SubgraphContext } from '@portal/kit';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { deliveriesLoader } from '../delivery/delivery.service';
import { Delivery } from '../delivery/delivery.type';
import { markNotificationsRead } from './notification.service';
import { Notification } from './notification.type';

@Resolver(() => Notification)
export class NotificationResolver {
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
