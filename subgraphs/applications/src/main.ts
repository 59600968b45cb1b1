import 'reflect-metadata';
import { runSubgraphProcess } from '@portal/kit';
import { loadApplicationsConfig } from './config';
import { createApplicationsSubgraph } from './subgraph';

/** Runs the applications subgraph as its own process: `node dist/main.js` with DATABASE_URL set. */
runSubgraphProcess(() => {
  const config = loadApplicationsConfig(process.env);
  return {
    definition: createApplicationsSubgraph(config),
    options: { databaseUrl: config.DATABASE_URL, internalSecret: config.INTERNAL_SECRET, port: config.PORT, host: config.HOST, production: config.NODE_ENV === 'production' },
  };
});
