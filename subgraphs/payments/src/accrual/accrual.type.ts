import { type LocalizedText, Money, PERSONAL_DATA_DIRECTIVE } from '@portal/kit';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Receipt } from '../receipt/receipt.type';
import type { AccrualRecord } from './accrual.service';
import type { AccrualStatusCode } from './accrual.rules';

export enum AccrualStatus {
  PENDING = 'PENDING',
  PAID = 'PAID',
  CANCELLED = 'CANCELLED',
  REFUNDED = 'REFUNDED',
}
registerEnumType(AccrualStatus, { name: 'AccrualStatus' });

// compile-time check that the GraphQL enum and the stored status codes agree
const _statusCheck: Record<AccrualStatusCode, AccrualStatus> = AccrualStatus;
void _statusCheck;

@Directive('@key(fields: "id")')
@ObjectType('Accrual', { description: 'A fee to pay for an application (R-30), with its receipt once paid.' })
export class Accrual {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Unique accrual identifier, quoted to the payment system.' })
  uin!: string;

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @Field({ description: "The payer's PIN (or tax number of a legal entity)." })
  payerId!: string;

  @Field(() => Money)
  amount!: Money;

  @Field(() => AccrualStatus)
  status!: AccrualStatus;

  @Field(() => Date, { nullable: true })
  paidAt!: Date | null;

  @Field(() => Receipt, { nullable: true })
  receipt!: Receipt | null;

  /** Not exposed: read by the localized `purpose` field. */
  purposeText!: LocalizedText;

  /** Not exposed: read by the `application` field. */
  applicationId!: string;

  /** Not exposed: the payer's user id, whose data-access log records reads by others. */
  payerUserId!: string;

  static from(entity: AccrualRecord): Accrual {
    const amount = Object.assign(new Money(), { amountMinor: entity.amountMinor, currency: entity.currency });
    return Object.assign(new Accrual(), {
      id: entity.id,
      uin: entity.uin,
      payerId: entity.payerPin,
      amount,
      status: entity.status as AccrualStatus,
      paidAt: entity.paidAt,
      purposeText: { ky: entity.purposeKy, ru: entity.purposeRu },
      applicationId: entity.applicationId,
      payerUserId: entity.payerId,
      receipt: entity.receipt
        ? Object.assign(new Receipt(), {
            number: entity.receipt.number,
            paidAt: entity.receipt.paidAt,
            amount: Object.assign(new Money(), { amountMinor: entity.receipt.amountMinor, currency: entity.currency }),
            uin: entity.uin,
            payerId: entity.payerPin,
            paymentSystemTransactionId: entity.receipt.transactionId,
            payerUserId: entity.payerId,
            applicationId: entity.applicationId,
          })
        : null,
    });
  }
}
