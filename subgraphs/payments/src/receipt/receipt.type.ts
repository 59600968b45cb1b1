import { Money } from '@portal/kit';
import { Field, ObjectType } from 'type-graphql';

@ObjectType('Receipt', { description: 'The payment document of a paid accrual, printable from the cabinet (R-31).' })
export class Receipt {
  @Field()
  number!: string;

  @Field(() => Date)
  paidAt!: Date;

  @Field(() => Money)
  amount!: Money;

  @Field({ description: 'Unique accrual identifier.' })
  uin!: string;

  @Field({ description: "The payer's PIN (or tax number of a legal entity)." })
  payerId!: string;

  @Field()
  paymentSystemTransactionId!: string;
}
