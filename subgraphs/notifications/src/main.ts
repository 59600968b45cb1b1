import 'reflect-metadata';
import { runSubgraphProcess } from '@portal/kit';
import { loadNotificationsConfig } from './config';
import { createNotificationsSubgraph } from './subgraph';

/** Runs the notifications subgraph as its own process: `node dist/main.js` with DATABASE_URL set. */
runSubgraphProcess(() => {
  const config = loadNotificationsConfig(process.env);
  return {
    definition: createNotificationsSubgraph(config),
    options: { databaseUrl: config.DATABASE_URL, internalSecret: config.INTERNAL_SECRET, port: config.PORT, host: config.HOST, production: config.NODE_ENV === 'production' },
  };
});
