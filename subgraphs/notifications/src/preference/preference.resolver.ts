import type { SubgraphContext } from '@portal/kit';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { NotificationChannel } from '../delivery/delivery.type';
import { User } from '../user/user.type';
import { NotificationPreferencesInput } from './preference.inputs';
import { notificationPreferencesOf, type PreferencesView, updateNotificationPreferences } from './preference.service';
import { NotificationPreferences } from './preference.type';

const toType = (view: PreferencesView): NotificationPreferences =>
  Object.assign(new NotificationPreferences(), { ...view, channels: view.channels as NotificationChannel[] });

@Resolver(() => User)
export class UserPreferencesResolver {
  @FieldResolver(() => NotificationPreferences, { description: 'Where the user receives notices; only the user may read them.' })
  async notificationPreferences(@Root() user: User, @Ctx() ctx: SubgraphContext): Promise<NotificationPreferences> {
    return toType(await notificationPreferencesOf(ctx, user.id));
  }
}

@Resolver(() => NotificationPreferences)
export class NotificationPreferencesResolver {
  @Mutation(() => NotificationPreferences, { description: "Sets the signed-in user's notification channels." })
  async updateNotificationPreferences(
    @Arg('input', () => NotificationPreferencesInput) input: NotificationPreferencesInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<NotificationPreferences> {
    return toType(await updateNotificationPreferences(ctx, input));
  }
}
