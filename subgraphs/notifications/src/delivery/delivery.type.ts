import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { DeliveryEntity } from './delivery.entity';
import type { DeliveryStatusCode, NotificationChannelCode } from './delivery.rules';

export enum NotificationChannel {
  CABINET = 'CABINET',
  EMAIL = 'EMAIL',
  SMS = 'SMS',
  TELEGRAM = 'TELEGRAM',
}
registerEnumType(NotificationChannel, { name: 'NotificationChannel' });

export enum DeliveryStatus {
  QUEUED = 'QUEUED',
  SENT = 'SENT',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus' });

// compile-time checks that the GraphQL enums and the stored codes agree
const _channelCheck: Record<NotificationChannelCode, NotificationChannel> = NotificationChannel;
const _statusCheck: Record<DeliveryStatusCode, DeliveryStatus> = DeliveryStatus;
void _channelCheck;
void _statusCheck;

@ObjectType('Delivery', { description: 'Where a notification went on one channel.' })
export class Delivery {
  @Field(() => NotificationChannel)
  channel!: NotificationChannel;

  @Field(() => DeliveryStatus)
  status!: DeliveryStatus;

  @Field(() => Int)
  attempts!: number;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => Date)
  updatedAt!: Date;

  @Field(() => Date, { description: 'When the notice was recorded for this channel.' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due, while QUEUED (after a transient failure: the backoff).' })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the last attempt started.' })
  lastAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the channel accepted the message.' })
  sentAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the channel confirmed the user has it.' })
  deliveredAt!: Date | null;

  static from(entity: DeliveryEntity): Delivery {
    return Object.assign(new Delivery(), {
      channel: entity.channel as NotificationChannel,
      status: entity.status as DeliveryStatus,
      attempts: entity.attempts,
      lastError: entity.lastError,
      updatedAt: entity.updatedAt,
      createdAt: entity.createdAt,
      nextAttemptAt: entity.nextAttemptAt,
      lastAttemptAt: entity.lastAttemptAt,
      sentAt: entity.sentAt,
      deliveredAt: entity.deliveredAt,
    });
  }
}
