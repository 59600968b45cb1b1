import 'reflect-metadata';
import { runSubgraphProcess } from '@portal/kit';
import { loadIdentityConfig } from './config';
import { createIdentitySubgraph } from './subgraph';

/** Runs the identity subgraph as its own process, configured from the environment (see config.ts). */
runSubgraphProcess(() => {
  const config = loadIdentityConfig();
  return {
    definition: createIdentitySubgraph(config),
    options: { databaseUrl: config.databaseUrl, internalSecret: config.internalSecret, port: config.port, host: config.host, production: config.nodeEnv === 'production' },
  };
});
