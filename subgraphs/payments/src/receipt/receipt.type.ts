import { Money, PERSONAL_DATA_DIRECTIVE } from '@portal/kit';
import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';

/** Values equal their names: the federated schema is rebuilt from its SDL, which keeps names only. */
export enum ReceiptFormat {
  HTML = 'HTML',
  PDF = 'PDF',
  JSON = 'JSON',
}

registerEnumType(ReceiptFormat, {
  name: 'ReceiptFormat',
  description: 'How a receipt link opens.',
  valuesConfig: {
    HTML: { description: 'The printable page (the default).' },
    PDF: { description: 'The accessible PDF (tagged, with title and language).' },
    JSON: { description: 'The receipt data as JSON.' },
  },
});

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

  @Directive(PERSONAL_DATA_DIRECTIVE)
  @Field({ description: "The payer's PIN (or tax number of a legal entity)." })
  payerId!: string;

  @Field()
  paymentSystemTransactionId!: string;

  /** Not exposed: the payer's user id, whose data-access log records reads by others. */
  payerUserId!: string;

  /** Not exposed: the application the fee was for. */
  applicationId!: string;
}
