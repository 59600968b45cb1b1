import 'reflect-metadata';

export { loadPaymentsConfig, PAYMENTS_DEV_SECRETS, type PaymentsConfig, paymentsEnvSpec } from './config';
export type { PaymentsContext } from './context';
export { paymentsEntities } from './entities';
export { paymentsMigrations } from './migrations';
export { buildPaymentsSchema } from './schema';
export { createPaymentsSubgraph, type PaymentsSubgraphSettings } from './subgraph';
