import { ArrayType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { NotificationChannelCode } from '../delivery/delivery.rules';

/** The channels a user chose for notices (L-25, U-5); without a row, the cabinet only. */
@Entity({ tableName: 'notification_preference' })
export class NotificationPreferenceEntity {
  @PrimaryKey({ type: 'uuid' })
  userId!: string;

  @Property({ type: ArrayType, columnType: 'text[]' })
  channels!: NotificationChannelCode[];

  @Property({ type: 'text', nullable: true })
  telegramChatId: string | null = null;

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}
