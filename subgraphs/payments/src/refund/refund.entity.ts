import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { RefundStatusCode } from './refund.rules';

/** A paid fee returned through the payment system; one per accrual at most. */
@Entity({ tableName: 'refund' })
export class RefundEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid', unique: true })
  accrualId!: string;

  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  @Property({ type: 'text' })
  reasonKy!: string;

  @Property({ type: 'text' })
  reasonRu!: string;

  @Property({ type: 'text' })
  status: RefundStatusCode = 'REQUESTED';

  @Property({ type: 'datetime' })
  requestedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  completedAt: Date | null = null;

  /** Why the payment system refused the refund (FAILED): for the people who settle it by hand. */
  @Property({ type: 'text', nullable: true })
  failure: string | null = null;

  /** The payment system's id of the money sent back. */
  @Property({ type: 'text', nullable: true })
  transactionId: string | null = null;

  /** The refund receipt (RF-<year>-<number>), issued on completion. */
  @Property({ type: 'text', nullable: true })
  receiptNumber: string | null = null;
}
