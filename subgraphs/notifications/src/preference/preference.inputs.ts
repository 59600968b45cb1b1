import { Field, InputType } from 'type-graphql';
import { NotificationChannel } from '../delivery/delivery.type';

@InputType('NotificationPreferencesInput')
export class NotificationPreferencesInput {
  @Field(() => [NotificationChannel], { description: 'Each channel once; CABINET is required. EMAIL and SMS need the address on the account.' })
  channels!: NotificationChannel[];

  @Field(() => String, { nullable: true, description: "Required with TELEGRAM: the numeric id of your chat with the portal's Telegram bot." })
  telegramChatId?: string | null;
}
