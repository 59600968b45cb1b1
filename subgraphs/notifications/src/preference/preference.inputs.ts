import { Field, InputType } from 'type-graphql';
import { NotificationChannel } from '../delivery/delivery.type';

@InputType('NotificationPreferencesInput')
export class NotificationPreferencesInput {
  @Field(() => [NotificationChannel], { description: 'Each channel once; CABINET is required. EMAIL and SMS need the address on the account, TELEGRAM a chat linked through startTelegramLink.' })
  channels!: NotificationChannel[];

  @Field(() => String, { nullable: true, description: 'Refused: a Telegram chat is linked through startTelegramLink, not typed in.' })
  telegramChatId?: string | null;
}
