import { BigIntType, Entity, OneToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { ReceiptEntity } from '../receipt/receipt.entity';
import type { AccrualStatusCode } from './accrual.rules';

/** A fee charged for one application, payable through the State Electronic Payment System (L-26). */
@Entity({ tableName: 'accrual' })
export class AccrualEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** Unique accrual identifier the payer quotes to the payment system. */
  @Property({ type: 'text' })
  uin!: string;

  @Property({ type: 'uuid' })
  applicationId!: string;

  /** The provider handling the application: its officers may read the accrual. */
  @Property({ type: 'uuid' })
  providerId!: string;

  /** The payer's account (identity's User.id). */
  @Property({ type: 'uuid' })
  payerId!: string;

  /** The payer's PIN or tax number, as printed on the receipt. */
  @Property({ type: 'text' })
  payerPin!: string;

  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  @Property({ type: 'text' })
  currency: string = 'KGS';

  @Property({ type: 'text' })
  purposeKy!: string;

  @Property({ type: 'text' })
  purposeRu!: string;

  /** The provider's budget (revenue classification) code; null when the service has none. */
  @Property({ type: 'text', nullable: true })
  budgetCode: string | null = null;

  @Property({ type: 'text' })
  status: AccrualStatusCode = 'PENDING';

  /** Grows with every change; the version of the accrual's events. */
  @Property({ type: 'integer' })
  version: number = 1;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  paidAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  cancelledAt: Date | null = null;

  /** When the payment system accepted the accrual, so it can be paid by UIN anywhere (L-26 item 5). */
  @Property({ type: 'datetime', nullable: true })
  sepsRegisteredAt: Date | null = null;

  @OneToOne({ entity: () => ReceiptEntity, mappedBy: 'accrual', nullable: true })
  receipt: Rel<ReceiptEntity> | null = null;
}
