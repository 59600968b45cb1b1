import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A message to one user, in both state languages; the cabinet always shows it (L-25). */
@Entity({ tableName: 'notification' })
export class NotificationEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  userId!: string;

  /** What happened, e.g. APPLICATION_ACCEPTED, PAYMENT_REQUIRED, PAYMENT_CONFIRMED. */
  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'text' })
  titleKy!: string;

  @Property({ type: 'text' })
  titleRu!: string;

  @Property({ type: 'text' })
  bodyKy!: string;

  @Property({ type: 'text' })
  bodyRu!: string;

  @Property({ type: 'uuid', nullable: true })
  applicationId: string | null = null;

  /** Stored to the millisecond so the keyset cursor (a JS Date) compares exactly. */
  @Property({ type: 'datetime', length: 3 })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', length: 3, nullable: true })
  readAt: Date | null = null;

  /** The event this notice was made from; unique per user, so a replayed event notifies nobody twice. */
  @Property({ type: 'uuid', nullable: true })
  sourceEventId: string | null = null;

  /** The fact behind the notice (an application version, an accrual), unique per user and type. */
  @Property({ type: 'text', nullable: true })
  sourceKey: string | null = null;
}
