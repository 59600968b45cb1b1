import 'reflect-metadata';
import { runSubgraph } from '@portal/kit';
import { loadPaymentsConfig } from './config';
import { createPaymentsSubgraph } from './subgraph';

/** Runs the payments subgraph on its own: `node dist/main.js` with DATABASE_URL set. */
async function main(): Promise<void> {
  const config = loadPaymentsConfig(process.env);
  const running = await runSubgraph(createPaymentsSubgraph(config), {
    databaseUrl: config.DATABASE_URL,
    internalSecret: config.INTERNAL_SECRET,
    port: config.PORT,
    host: config.HOST,
  });
  console.log(JSON.stringify({ level: 'info', subgraph: running.name, message: `listening on ${running.url}/graphql` }));
  const stop = () => {
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
