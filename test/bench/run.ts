import { CALLER_HEADER, DEMO_USERS, signCallerToken } from '@portal/kit';
import { startPlatform } from '@portal/platform';
import { startEmbeddedPostgres } from '@portal/platform/dist/embedded-db';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTest, printTable, type LoadResult } from './measure';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const INTERNAL_SECRET = 'bench-internal-secret';

/**
 * `npm run bench`: the platform on a throw-away database, then each scenario through the gateway
 * and straight at the owning subgraph (with a caller token, as the gateway sends), at concurrency 50.
 */
async function main(): Promise<void> {
  let tmp: string | null = null;
  let stopDb: (() => Promise<void>) | null = null;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'portal-bench-'));
    chmodSync(tmp, 0o755);
    const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), persistent: false });
    await pg.ensureDatabase('bench');
    databaseUrl = pg.url('bench');
    stopDb = () => pg.stop();
  }
  const platform = await startPlatform({ databaseUrl, env: { ...process.env, INTERNAL_SECRET }, ports: {}, seed: true, poolSize: 20 });
  try {
    const login = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(input: { login: "aigul@example.kg", password: "Citizen2026!" }) { accessToken } }' }),
    });
    const accessToken = ((await login.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
    const callerToken = async (userId: string | null) =>
      signCallerToken({ userId, roles: userId ? ['CITIZEN'] : [], providerId: null, acceptLanguage: null, preferredLanguage: 'KY', ip: '127.0.0.1', requestId: 'bench' }, INTERNAL_SECRET);

    const search = { query: 'query($q: String) { services(filter: { search: $q }, first: 20) { totalCount edges { node { id code title } } } }', variables: { q: 'справка' } };
    const me = { query: 'query { me { id fullName pin email roles } }' };
    const rows: LoadResult[] = [];
    const run = async (name: string, url: string, body: unknown, headers: Record<string, string>) => {
      const result = await loadTest({ name, url, body, headers, connections: CONNECTIONS, durationSeconds: DURATION });
      rows.push(result);
      return result;
    };

    const searchGateway = await run('catalogue search via gateway', platform.gatewayUrl, search, {});
    const searchDirect = await run('catalogue search direct to catalog', `${platform.subgraphs.catalog.url}/graphql`, search, { [CALLER_HEADER]: await callerToken(null) });
    const meGateway = await run('me via gateway', platform.gatewayUrl, me, { authorization: `Bearer ${accessToken}` });
    const meDirect = await run('me direct to identity', `${platform.subgraphs.identity.url}/graphql`, me, { [CALLER_HEADER]: await callerToken(DEMO_USERS.CITIZEN_AIGUL) });

    console.log(`\nconcurrency ${CONNECTIONS}, ${DURATION}s per scenario, ${os.cpus().length} cores`);
    printTable(rows);
    console.log(`\ngateway overhead (direct req/s ÷ gateway req/s): search ${(searchDirect.requestsPerSecond / searchGateway.requestsPerSecond).toFixed(2)}x, me ${(meDirect.requestsPerSecond / meGateway.requestsPerSecond).toFixed(2)}x`);
    console.log(`gateway p50 latency added: search ${(searchGateway.p50 - searchDirect.p50).toFixed(1)} ms, me ${(meGateway.p50 - meDirect.p50).toFixed(1)} ms`);
  } finally {
    await platform.close();
    await stopDb?.();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
