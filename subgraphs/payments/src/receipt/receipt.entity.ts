import { BigIntType, Entity, OneToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { AccrualEntity } from '../accrual/accrual.entity';

/** The payment document of a paid accrual, kept in the cabinet and printable. */
@Entity({ tableName: 'receipt' })
export class ReceiptEntity {
  @PrimaryKey({ type: 'text' })
  number!: string;

  @OneToOne({ entity: () => AccrualEntity, inversedBy: 'receipt', fieldName: 'accrual_id', owner: true })
  accrual!: Rel<AccrualEntity>;

  /** The payment system's own identifier of the transfer. */
  @Property({ type: 'text' })
  transactionId!: string;

  @Property({ type: 'datetime' })
  paidAt!: Date;

  @Property({ type: new BigIntType('number') })
  amountMinor!: number;
}
