/** Starts the identity subgraph alone, configured from the environment (see config.ts). */
import { runSubgraph } from '@portal/kit';
import { loadIdentityConfig } from './config';
import { createIdentitySubgraph } from './subgraph';

async function main(): Promise<void> {
  const config = loadIdentityConfig();
  const running = await runSubgraph(createIdentitySubgraph(config), {
    databaseUrl: config.databaseUrl,
    internalSecret: config.internalSecret,
    port: config.port,
    host: config.host,
    seed: config.nodeEnv !== 'production',
  });
  console.log(JSON.stringify({ level: 'info', subgraph: 'identity', message: `listening on ${running.url}` }));
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
