import 'reflect-metadata';

export { APPLICATION_EVENTS_CONSUMER } from './accrual/application-events.consumer';
export { SEPS_CALLBACK_PATH, SEPS_SIGNATURE_HEADER } from './callback/seps-callback.route';
export {
  DEFAULT_UIN_ISSUER_CODE,
  DEV_SEPS_URL,
  loadPaymentsConfig,
  PAYMENTS_DEV_SECRETS,
  type PaymentsConfig,
  paymentsEnvSpec,
} from './config';
export type { PaymentsContext } from './context';
export { paymentsEntities } from './entities';
export { paymentsMigrations } from './migrations';
export { buildPaymentsSchema } from './schema';
export { createPaymentsSubgraph, type PaymentsSubgraphDefinition, type PaymentsSubgraphSettings } from './subgraph';
