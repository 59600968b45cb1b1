/**
 * One process of the scale test (replicas.test.ts), run from the build (test/dist/scale):
 * `subgraphs` starts one replica of every subgraph (with its own stand-ins) on the shared database
 * and bus, `gateway` one gateway on the balancers in SCALE_SUBGRAPH_URLS. It prints one `READY`
 * line with its addresses and runs until it is killed.
 */
import { jwksAccessTokenVerifier, startGateway } from '@portal/gateway';
import { TEST_INTERNAL_SECRET } from '@portal/kit';
import { startPlatform, SUPERGRAPH_FILE } from '@portal/platform';
import { readFileSync } from 'node:fs';

async function main(): Promise<void> {
  const role = process.argv[2];
  const databaseUrl = process.env.SCALE_DATABASE_URL!;
  const eventBus = { url: process.env.EVENT_BUS_URL!, stream: process.env.EVENT_BUS_STREAM!, ackWaitSeconds: Number(process.env.EVENT_BUS_ACK_WAIT_SECONDS ?? 30) };
  if (role === 'subgraphs') {
    const platform = await startPlatform({
      databaseUrl,
      env: { ...process.env, NODE_ENV: 'test', INTERNAL_SECRET: TEST_INTERNAL_SECRET, PASSWORD_SCRYPT_N: '1024', EDMS_DEMO_PROVIDER: 'none' },
      ports: {},
      seed: true,
      poolSize: 3,
    });
    const subgraphs = Object.fromEntries(Object.values(platform.subgraphs).map((s) => [s.name, `${s.url}/graphql`]));
    console.log(`READY ${JSON.stringify({ subgraphs, identity: platform.subgraphs.identity.url })}`);
    return;
  }
  if (role === 'gateway') {
    const subgraphUrls = JSON.parse(process.env.SCALE_SUBGRAPH_URLS!) as Record<string, string>;
    const gateway = await startGateway({
      supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
      subgraphUrls,
      internalSecret: TEST_INTERNAL_SECRET,
      verifier: jwksAccessTokenVerifier(subgraphUrls.identity.replace(/\/graphql$/, '/.well-known/jwks.json')),
      port: 0,
      eventBus,
    });
    console.log(`READY ${JSON.stringify({ url: gateway.url })}`);
    return;
  }
  throw new Error(`unknown role ${role}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
