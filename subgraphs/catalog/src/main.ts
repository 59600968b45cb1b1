import 'reflect-metadata';
import { runSubgraphProcess } from '@portal/kit';
import { loadCatalogConfig } from './config';
import { createCatalogSubgraph } from './subgraph';

/** Runs the catalog subgraph as its own process: `node dist/main.js` with DATABASE_URL set. */
runSubgraphProcess(() => {
  const config = loadCatalogConfig(process.env);
  return {
    definition: createCatalogSubgraph(config),
    options: { databaseUrl: config.DATABASE_URL, internalSecret: config.INTERNAL_SECRET, port: config.PORT, host: config.HOST, production: config.NODE_ENV === 'production' },
  };
});
