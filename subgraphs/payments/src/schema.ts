import { buildFederatedSchema, DateTimeScalar } from '@portal/kit';
import type { GraphQLSchema } from 'graphql';
import { accrualReference } from './accrual/accrual.reference';
import { AccrualResolver } from './accrual/accrual.resolver';
import { ReceiptResolver } from './receipt/receipt.resolver';
import { UserAccrualsResolver } from './user/user-accruals.resolver';
import { userReference } from './user/user.reference';
import { User } from './user/user.type';

/** The payments subgraph schema; building it needs no database. */
export function buildPaymentsSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [AccrualResolver, ReceiptResolver, UserAccrualsResolver],
      // entities reached only through _entities are not reachable from Query: list them here
      orphanedTypes: [User],
      scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    },
    { ...accrualReference, ...userReference },
  );
}
