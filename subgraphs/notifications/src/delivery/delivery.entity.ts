import { Entity, ManyToOne, PrimaryKey, PrimaryKeyProp, Property, type Rel } from '@mikro-orm/core';
import { NotificationEntity } from '../notification/notification.entity';
import type { DeliveryStatusCode, NotificationChannelCode } from './delivery.rules';

/** How far a notification got on one channel (email, SMS, Telegram, cabinet), with retries. */
@Entity({ tableName: 'delivery' })
export class DeliveryEntity {
  [PrimaryKeyProp]?: ['notification', 'channel'];

  @ManyToOne({ entity: () => NotificationEntity, primary: true, fieldName: 'notification_id' })
  notification!: Rel<NotificationEntity>;

  @PrimaryKey({ type: 'text' })
  channel!: NotificationChannelCode;

  @Property({ type: 'text' })
  status: DeliveryStatusCode = 'QUEUED';

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** When a QUEUED delivery is due; null once it is done. */
  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  lastAttemptAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  sentAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  deliveredAt: Date | null = null;
}
