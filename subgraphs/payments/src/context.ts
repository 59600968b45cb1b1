import type { MikroORM } from '@mikro-orm/postgresql';
import type { SubgraphContext } from '@portal/kit';
import type { SepsClient } from './payment/seps.client';
import type { ReceiptLinks } from './receipt/receipt-link.rules';
import type { ReconciliationDependencies } from './reconciliation/reconciliation.service';

/** Per-request context of the payments subgraph. */
export interface PaymentsContext extends SubgraphContext {
  receiptLinks: ReceiptLinks;
  paymentSystem: SepsClient;
  /** Where the payment system sends its callbacks (read per call: tests learn the port after start). */
  callbackUrl(): string;
  /** A run of the reconciliation writes in its own transaction under a per-day lock, so it takes the ORM, not the request's fork. */
  orm: MikroORM;
  reconciliation: ReconciliationDependencies;
}
