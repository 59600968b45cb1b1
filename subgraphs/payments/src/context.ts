import type { SubgraphContext } from '@portal/kit';
import type { ReceiptLinks } from './receipt/receipt-link.rules';

/** Per-request context of the payments subgraph. */
export interface PaymentsContext extends SubgraphContext {
  receiptLinks: ReceiptLinks;
}
