import { buildFederatedSchema, DateTimeScalar } from '@portal/kit';
import type { GraphQLSchema } from 'graphql';
import { accrualReference } from './accrual/accrual.reference';
import { AccrualResolver } from './accrual/accrual.resolver';
import { ApplicationAccrualResolver } from './application/application-accrual.resolver';
import { applicationReference } from './application/application.reference';
import { Application } from './application/application.type';
import { PaymentResolver } from './payment/payment.resolver';
import { ReceiptResolver } from './receipt/receipt.resolver';
import { ReconciliationResolver } from './reconciliation/reconciliation.resolver';
import { AccrualRefundResolver, RefundReceiptResolver, RefundResolver } from './refund/refund.resolver';
import { UserAccrualsResolver } from './user/user-accruals.resolver';
import { userReference } from './user/user.reference';
import { User } from './user/user.type';

/** The payments subgraph schema; building it needs no database. */
export function buildPaymentsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [AccrualResolver, AccrualRefundResolver, RefundResolver, RefundReceiptResolver, ApplicationAccrualResolver, PaymentResolver, ReceiptResolver, ReconciliationResolver, UserAccrualsResolver],
      // entities reached only through _entities are not reachable from Query: list them here
      orphanedTypes: [User, Application],
      scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    },
    { ...accrualReference, ...applicationReference, ...userReference },
  );
}
