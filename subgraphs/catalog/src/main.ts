import 'reflect-metadata';
import { runSubgraph } from '@portal/kit';
import { loadCatalogConfig } from './config';
import { createCatalogSubgraph } from './subgraph';

/** Starts the catalog subgraph on its own (the platform launcher starts all subgraphs together). */
async function main(): Promise<void> {
  const config = loadCatalogConfig(process.env);
  const running = await runSubgraph(createCatalogSubgraph(config), {
    databaseUrl: config.DATABASE_URL,
    internalSecret: config.INTERNAL_SECRET,
    port: config.PORT,
    host: config.HOST,
    seed: config.NODE_ENV !== 'production', // the demo catalogue, once per database
  });
  console.log(JSON.stringify({ level: 'info', subgraph: 'catalog', message: 'listening', url: `${running.url}/graphql` }));
  const stop = (signal: string) => {
    console.log(JSON.stringify({ level: 'info', subgraph: 'catalog', message: `stopping on ${signal}` }));
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(JSON.stringify({ level: 'error', subgraph: 'catalog', message: String(error) }));
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(JSON.stringify({ level: 'error', subgraph: 'catalog', message: String((error as Error)?.stack ?? error) }));
  process.exit(1);
});
