import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { PaymentSessionStatusCode } from './payment.rules';

/** One visit of the payer to the payment system's page for one accrual (see payment.rules.ts). */
@Entity({ tableName: 'payment_session' })
export class PaymentSessionEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  accrualId!: string;

  /** OPEN until the payment system reports the outcome; an OPEN session past expiresAt is expired. */
  @Property({ type: 'text' })
  status: PaymentSessionStatusCode = 'OPEN';

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  /** The payment system's transaction that closed the session. */
  @Property({ type: 'text', nullable: true })
  transactionId: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  closedAt: Date | null = null;
}
