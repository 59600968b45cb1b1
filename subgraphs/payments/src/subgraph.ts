import { type SubgraphDefinition, startOutboxRelay } from '@portal/kit';
import { startApplicationEventsConsumer } from './accrual/application-events.consumer';
import { sepsCallbackRoute } from './callback/seps-callback.route';
import { DEFAULT_UIN_ISSUER_CODE, DEV_PAYMENTS_PUBLIC_URL, DEV_PUBLIC_GATEWAY_URL, DEV_SEPS_URL, PAYMENTS_DEV_SECRETS, type PaymentsConfig } from './config';
import type { PaymentsContext } from './context';
import { paymentsEntities } from './entities';
import { paymentsMigrations } from './migrations';
import { callbackUrlOf } from './payment/payment.rules';
import { SepsClient } from './payment/seps.client';
import { ReceiptLinks } from './receipt/receipt-link.rules';
import { receiptDownloadRoute } from './receipt/receipt.route';
import { ReconciliationMetrics } from './reconciliation/reconciliation.metrics';
import type { ReconciliationDependencies } from './reconciliation/reconciliation.service';
import { startReconciliationSchedule } from './reconciliation/reconciliation.schedule';
import { buildPaymentsSchema } from './schema';
import { startSepsOutboxWorker } from './seps/seps-outbox.worker';

export type PaymentsSubgraphSettings = Pick<
  PaymentsConfig,
  | 'PUBLIC_GATEWAY_URL'
  | 'RECEIPT_LINK_SECRET'
  | 'SEPS_URL'
  | 'SEPS_CALLBACK_SECRET'
  | 'SEPS_API_SECRET'
  | 'SEPS_TIMEOUT_MS'
  | 'SEPS_RETRY_BASE_MS'
  | 'RECONCILIATION_CHECK_MS'
  | 'PAYMENTS_PUBLIC_URL'
  | 'UIN_ISSUER_CODE'
>;

/** Without settings (tests, composition) the development defaults apply. */
const DEVELOPMENT_SETTINGS: PaymentsSubgraphSettings = {
  PUBLIC_GATEWAY_URL: DEV_PUBLIC_GATEWAY_URL,
  RECEIPT_LINK_SECRET: PAYMENTS_DEV_SECRETS.RECEIPT_LINK_SECRET,
  SEPS_URL: DEV_SEPS_URL,
  SEPS_CALLBACK_SECRET: PAYMENTS_DEV_SECRETS.SEPS_CALLBACK_SECRET,
  SEPS_API_SECRET: PAYMENTS_DEV_SECRETS.SEPS_API_SECRET,
  SEPS_TIMEOUT_MS: '5000',
  SEPS_RETRY_BASE_MS: '2000',
  RECONCILIATION_CHECK_MS: '600000',
  PAYMENTS_PUBLIC_URL: DEV_PAYMENTS_PUBLIC_URL,
  UIN_ISSUER_CODE: DEFAULT_UIN_ISSUER_CODE,
};

export interface PaymentsSubgraphDefinition extends SubgraphDefinition<PaymentsContext> {
  /**
   * Sets the base URL the payment system calls back, when it is known only once the server listens
   * (port 0 in tests): `definition.usePublicUrl(running.url)`. Otherwise PAYMENTS_PUBLIC_URL applies.
   */
  usePublicUrl(url: string): void;
  /**
   * Makes receipt links at the gateway's origin when it is known only once the gateway listens (port
   * 0 in tests). Otherwise PUBLIC_GATEWAY_URL applies. Subgraph tests pass the subgraph's own URL:
   * it serves the same paths.
   */
  useGatewayUrl(url: string): void;
}

/** The payments subgraph as the launcher, composition and tests run it. */
export function createPaymentsSubgraph(settings: Partial<PaymentsSubgraphSettings> = {}): PaymentsSubgraphDefinition {
  const config: PaymentsSubgraphSettings = { ...DEVELOPMENT_SETTINGS, ...settings };
  const receiptLinks = new ReceiptLinks({ gatewayUrl: config.PUBLIC_GATEWAY_URL, secret: config.RECEIPT_LINK_SECRET });
  const paymentSystem = new SepsClient({
    baseUrl: config.SEPS_URL,
    timeoutMs: Number(config.SEPS_TIMEOUT_MS),
    apiSecret: config.SEPS_API_SECRET,
    callbackSecret: config.SEPS_CALLBACK_SECRET,
  });
  const reconciliation: ReconciliationDependencies = { paymentSystem, metrics: new ReconciliationMetrics() };
  let callbackUrl = callbackUrlOf(config.PAYMENTS_PUBLIC_URL);
  return {
    name: 'payments',
    schema: 'payments',
    entities: paymentsEntities,
    migrations: paymentsMigrations,
    buildSchema: buildPaymentsSchema,
    extendContext: (base, orm) => ({ ...base, receiptLinks, paymentSystem, callbackUrl: () => callbackUrl, orm, reconciliation }),
    routes: (orm) => [receiptDownloadRoute(orm, receiptLinks), sepsCallbackRoute(orm, { secret: config.SEPS_CALLBACK_SECRET })],
    background: (orm, { databaseUrl, metrics }) => {
      reconciliation.metrics.register(metrics.registry);
      return [
        startOutboxRelay(orm, { databaseUrl, source: 'payments' }),
        startApplicationEventsConsumer(orm, { databaseUrl, fallbackIssuerCode: config.UIN_ISSUER_CODE }),
        startSepsOutboxWorker(orm, { paymentSystem, callbackUrl: () => callbackUrl, retryBaseMs: Number(config.SEPS_RETRY_BASE_MS) }),
        startReconciliationSchedule(orm, reconciliation, { checkMs: Number(config.RECONCILIATION_CHECK_MS) }),
      ];
    },
    usePublicUrl(url: string) {
      callbackUrl = callbackUrlOf(url);
    },
    useGatewayUrl(url: string) {
      receiptLinks.useGatewayUrl(url);
    },
  };
}
