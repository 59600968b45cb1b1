import { Field, ObjectType } from 'type-graphql';
import { NotificationChannel } from '../delivery/delivery.type';

@ObjectType('NotificationPreferences', { description: 'Where the user receives notices; the cabinet always does.' })
export class NotificationPreferences {
  @Field(() => [NotificationChannel])
  channels!: NotificationChannel[];

  @Field(() => String, { nullable: true, description: 'The email address EMAIL notices go to: the one on the account.' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'The phone number SMS notices go to: the one on the account.' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: "The id of the user's chat with the portal's Telegram bot, once linked through startTelegramLink." })
  telegramChatId!: string | null;

  @Field(() => Boolean, { description: 'Whether a Telegram chat is linked (startTelegramLink) and still reachable: TELEGRAM can be chosen only then.' })
  telegramLinked!: boolean;
}
