import { Supergraph } from '@apollo/federation-internals';
import { log, startTelemetry } from '@portal/kit';
import { readFileSync } from 'node:fs';
import { jwksAccessTokenVerifier } from './auth';
import { feedOptionsFromEnv, loadGatewayEnv, parseOrigins } from './config';
import { startGateway } from './server';

/**
 * Runs one gateway replica from the environment (README: Configuration). Subgraph URLs come from
 * the supergraph, each overridable by <NAME>_URL (e.g. APPLICATIONS_URL).
 */
const processLog = log.child({ component: 'gateway-process' });

async function main(): Promise<void> {
  const env = loadGatewayEnv();
  const telemetry = startTelemetry('gateway');
  const supergraphSdl = readFileSync(env.SUPERGRAPH_PATH, 'utf8');
  const subgraphUrls: Record<string, string> = {};
  for (const subgraph of Supergraph.build(supergraphSdl).subgraphs()) {
    subgraphUrls[subgraph.name] = process.env[`${subgraph.name.toUpperCase()}_URL`] ?? subgraph.url;
  }
  const gateway = await startGateway({
    supergraphSdl,
    subgraphUrls,
    internalSecret: env.INTERNAL_SECRET,
    verifier: jwksAccessTokenVerifier(env.IDENTITY_JWKS_URL, { maxLifetimeSeconds: env.GATEWAY_MAX_ACCESS_TOKEN_TTL_SECONDS }),
    port: env.PORT,
    host: env.HOST,
    trustProxy: env.TRUST_PROXY,
    eventLogDatabaseUrl: env.DATABASE_URL,
    eventBus: { url: env.EVENT_BUS_URL || undefined, stream: env.EVENT_BUS_STREAM },
    metricsToken: env.METRICS_TOKEN,
    corsOrigins: parseOrigins(env.CORS_ALLOWED_ORIGINS),
    hstsMaxAgeSeconds: env.HSTS_MAX_AGE_SECONDS,
    webAppRoot: env.WEB_APP_ROOT || undefined,
    hideSchemaDetails: env.NODE_ENV === 'production',
    feeds: feedOptionsFromEnv(),
  });
  processLog.info({ subscriptions: gateway.events !== null }, `gateway listening on ${gateway.url}`);
  // once: a second signal during the close would close the WebSocket server twice (and crash)
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void gateway.close().then(() => telemetry.shutdown()).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  processLog.fatal({ err: error }, 'the gateway could not start');
  process.exit(1);
});
