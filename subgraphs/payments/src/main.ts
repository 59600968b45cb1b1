import 'reflect-metadata';
import { runSubgraphProcess } from '@portal/kit';
import { loadPaymentsConfig } from './config';
import { createPaymentsSubgraph } from './subgraph';

/** Runs the payments subgraph as its own process: `node dist/main.js` with DATABASE_URL set. */
runSubgraphProcess(() => {
  const config = loadPaymentsConfig(process.env);
  return {
    definition: createPaymentsSubgraph(config),
    options: { databaseUrl: config.DATABASE_URL, internalSecret: config.INTERNAL_SECRET, port: config.PORT, host: config.HOST, production: config.NODE_ENV === 'production' },
  };
});
