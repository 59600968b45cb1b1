import { Field, ObjectType } from 'type-graphql';
import { Accrual } from '../accrual/accrual.type';

@ObjectType('PaymentSession', { description: "Where to send the payer to pay an accrual: the payment system's page, valid until expiresAt." })
export class PaymentSession {
  @Field(() => Accrual)
  accrual!: Accrual;

  @Field({ description: 'The payment page of the State Electronic Payment System; open it in the browser.' })
  paymentUrl!: string;

  @Field(() => Date, { description: 'After this the page no longer takes the payment: start a new payment.' })
  expiresAt!: Date;
}
