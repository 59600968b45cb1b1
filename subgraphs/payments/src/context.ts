import type { SubgraphContext } from '@portal/kit';
import type { SepsClient } from './payment/seps.client';
import type { ReceiptLinks } from './receipt/receipt-link.rules';

/** Per-request context of the payments subgraph. */
export interface PaymentsContext extends SubgraphContext {
  receiptLinks: ReceiptLinks;
  paymentSystem: SepsClient;
  /** Where the payment system sends its callbacks (read per call: tests learn the port after start). */
  callbackUrl(): string;
}
