import { type LocalizedText, Money } from '@portal/kit';
import { Field, ObjectType } from 'type-graphql';
import type { RefundEntity } from './refund.entity';

@ObjectType('RefundReceipt', { description: 'The document of a returned fee, kept in the cabinet with the payment receipt (R-31).' })
export class RefundReceipt {
  @Field()
  number!: string;

  @Field(() => Date)
  refundedAt!: Date;

  @Field(() => Money)
  amount!: Money;

  @Field({ description: 'Unique accrual identifier of the fee returned.' })
  uin!: string;

  @Field({ description: "The payment system's id of the money sent back." })
  paymentSystemTransactionId!: string;

  /** Not exposed: the payer's user id, whose data-access log records reads by others. */
  payerUserId!: string;

  /** Not exposed: the application the fee was for. */
  applicationId!: string;
}

@ObjectType('Refund', { description: 'A paid fee returned to the payer through the payment system.' })
export class Refund {
  @Field(() => Money)
  amount!: Money;

  @Field({ description: 'REQUESTED (sent to the payment system), COMPLETED (the money went back) or FAILED (the payment system refused; the provider settles it).' })
  status!: string;

  @Field(() => Date)
  requestedAt!: Date;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;

  /** Read by the localized `reason` field. */
  reasonText!: LocalizedText;

  @Field(() => RefundReceipt, { nullable: true, description: 'Issued once the refund is COMPLETED.' })
  receipt!: RefundReceipt | null;

  static from(entity: RefundEntity, accrual: { uin: string; currency: string; payerUserId: string; applicationId: string }): Refund {
    const amount = Object.assign(new Money(), { amountMinor: entity.amountMinor, currency: accrual.currency });
    return Object.assign(new Refund(), {
      amount,
      status: entity.status,
      requestedAt: entity.requestedAt,
      completedAt: entity.completedAt,
      reasonText: { ky: entity.reasonKy, ru: entity.reasonRu },
      receipt:
        entity.status === 'COMPLETED' && entity.receiptNumber && entity.transactionId && entity.completedAt
          ? Object.assign(new RefundReceipt(), {
              number: entity.receiptNumber,
              refundedAt: entity.completedAt,
              amount,
              uin: accrual.uin,
              paymentSystemTransactionId: entity.transactionId,
              payerUserId: accrual.payerUserId,
              applicationId: accrual.applicationId,
            })
          : null,
    });
  }
}
