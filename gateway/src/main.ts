import { subgraphUrlsFromEnv } from '@portal/schema';
import { readFileSync } from 'node:fs';
import { jwksAccessTokenVerifier } from './auth';
import { loadGatewayEnv } from './config';
import { startGateway } from './server';

/** Runs one gateway replica from the environment (see README: Configuration). */
async function main(): Promise<void> {
  const env = loadGatewayEnv();
  const gateway = await startGateway({
    supergraphSdl: readFileSync(env.SUPERGRAPH_PATH, 'utf8'),
    subgraphUrls: subgraphUrlsFromEnv(),
    internalSecret: env.INTERNAL_SECRET,
    verifier: jwksAccessTokenVerifier(env.IDENTITY_JWKS_URL),
    port: env.PORT,
    host: env.HOST,
    trustProxy: env.TRUST_PROXY,
  });
  console.log(`gateway listening on ${gateway.url}`);
  const stop = () => void gateway.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
