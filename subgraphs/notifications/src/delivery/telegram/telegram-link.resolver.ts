import type { EntityManager } from '@mikro-orm/postgresql';
import type { SubgraphContext } from '@portal/kit';
import { Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { NotificationChannel } from '../delivery.type';
import { ownPreferences } from '../../preference/preference.service';
import { NotificationPreferences } from '../../preference/preference.type';
import { requireLinkSettings, startTelegramLink, type TelegramLinkSettings, unlinkTelegram } from './telegram-link.service';

@ObjectType('TelegramLink', { description: "A one-time deep link to the portal's Telegram bot: open it and press Start to link the chat." })
export class TelegramLink {
  @Field(() => String, { description: 'https://t.me/<bot>?start=<one-time code>' })
  url!: string;

  @Field(() => Date, { description: 'The code works once, until then.' })
  expiresAt!: Date;
}

type TelegramContext = SubgraphContext & { telegram?: TelegramLinkSettings | null };

@Resolver(() => TelegramLink)
export class TelegramLinkResolver {
  @Mutation(() => TelegramLink, { description: "A one-time link that ties the Telegram chat it is opened in to the signed-in user's notices." })
  async startTelegramLink(@Ctx() ctx: TelegramContext): Promise<TelegramLink> {
    const { userId, settings } = requireLinkSettings(ctx);
    return Object.assign(new TelegramLink(), await startTelegramLink(ctx.em as EntityManager, userId, settings));
  }

  @Mutation(() => NotificationPreferences, { description: "Forgets the signed-in user's Telegram chat; TELEGRAM notices stop." })
  async unlinkTelegram(@Ctx() ctx: TelegramContext): Promise<NotificationPreferences> {
    const { userId } = requireLinkSettings(ctx);
    await unlinkTelegram(ctx.em as EntityManager, userId);
    const view = await ownPreferences(ctx);
    return Object.assign(new NotificationPreferences(), { ...view, channels: view.channels as NotificationChannel[] });
  }
}
