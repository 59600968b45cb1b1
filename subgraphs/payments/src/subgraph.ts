import type { SubgraphDefinition } from '@portal/kit';
import { PAYMENTS_DEV_SECRETS, type PaymentsConfig } from './config';
import type { PaymentsContext } from './context';
import { paymentsEntities } from './entities';
import { paymentsMigrations } from './migrations';
import { ReceiptLinks } from './receipt/receipt-link.rules';
import { receiptDownloadRoute } from './receipt/receipt.route';
import { buildPaymentsSchema } from './schema';

export type PaymentsSubgraphSettings = Pick<PaymentsConfig, 'RECEIPT_BASE_URL' | 'RECEIPT_LINK_SECRET'>;

/** Without settings (tests, composition) receipt links use the development defaults. */
const DEVELOPMENT_SETTINGS: PaymentsSubgraphSettings = {
  RECEIPT_BASE_URL: 'http://127.0.0.1:4004',
  RECEIPT_LINK_SECRET: PAYMENTS_DEV_SECRETS.RECEIPT_LINK_SECRET,
};

/** The payments subgraph as the launcher, composition and tests run it. */
export function createPaymentsSubgraph(config: PaymentsSubgraphSettings = DEVELOPMENT_SETTINGS): SubgraphDefinition<PaymentsContext> {
  const receiptLinks = new ReceiptLinks({ baseUrl: config.RECEIPT_BASE_URL, secret: config.RECEIPT_LINK_SECRET });
  return {
    name: 'payments',
    schema: 'payments',
    entities: paymentsEntities,
    migrations: paymentsMigrations,
    buildSchema: buildPaymentsSchema,
    extendContext: (base) => ({ ...base, receiptLinks }),
    routes: (orm) => [receiptDownloadRoute(orm, receiptLinks)],
  };
}
