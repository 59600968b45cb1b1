import { Migration00000000000000EventBus } from '@portal/kit';
import { Migration20261122000001Initial } from './Migration20261122000001Initial';
import { Migration20261122000002PaymentFlow } from './Migration20261122000002PaymentFlow';
import { Migration20261202060001RefundsAndReconciliation } from './Migration20261202060001RefundsAndReconciliation';

/** Every migration of the payments schema, oldest first; the shared event log comes first (kit rule). */
export const paymentsMigrations = [
  Migration00000000000000EventBus,
  Migration20261122000001Initial,
  Migration20261122000002PaymentFlow,
  Migration20261202060001RefundsAndReconciliation,
];
