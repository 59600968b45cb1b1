import { CALLER_HEADER, DEMO_USERS, signCallerToken } from '@portal/kit';
import { startEmbeddedPostgres } from '@portal/platform/dist/embedded-db';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gatewayClient, login, submitApplications } from './fixtures';
import { loadTest, printTable, type LoadResult } from './measure';
import { measurePushLatency } from './push-latency';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const INTERNAL_SECRET = 'bench-internal-secret';
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const QUEUE_PAGE = 50;
const LATENCY_EVENTS = 5;

/**
 * `npm run bench`: the platform runs in its own process (as `npm start` runs it) on a throw-away
 * database, and this process generates the load: each scenario through the gateway and straight at
 * the owning subgraph (with a caller token, as the gateway sends), at concurrency 50.
 */
async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'portal-bench-'));
  chmodSync(tmp, 0o755);
  let stopDb: (() => Promise<void>) | null = null;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), persistent: false });
    await pg.ensureDatabase('bench');
    databaseUrl = pg.url('bench');
    stopDb = () => pg.stop();
  }
  const platform = await spawnPlatform({ DATABASE_URL: databaseUrl, INTERNAL_SECRET, PORTAL_DATA_DIR: tmp });
  try {
    const gql = gatewayClient(GATEWAY_URL);
    const accessToken = await login(gql, 'aigul@example.kg', 'Citizen2026!');
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

    const searchGateway = await run('catalogue search via gateway', GATEWAY_URL, search, {});
    const searchDirect = await run('catalogue search direct to catalog', subgraphUrl('catalog'), search, { [CALLER_HEADER]: await callerToken(null) });
    const meGateway = await run('me via gateway', GATEWAY_URL, me, { authorization: `Bearer ${accessToken}` });
    const meDirect = await run('me direct to identity', subgraphUrl('identity'), me, { [CALLER_HEADER]: await callerToken(DEMO_USERS.CITIZEN_AIGUL) });

    // an officer's queue page of 50 applications with applicant (identity), service (catalog) and accrual (payments)
    const officer = await login(gql, 'officer.grs@portal.kg', 'Officer2026!');
    const ids = await submitApplications(gql, accessToken, QUEUE_PAGE + LATENCY_EVENTS);
    for (const id of ids.slice(0, QUEUE_PAGE)) await gql('mutation($id: ID!) { acceptApplication(applicationId: $id) { id } }', { id }, officer);
    const queuePage = {
      query: `query { applicationQueue(first: ${QUEUE_PAGE}, filter: { status: [AWAITING_PAYMENT] }) { totalCount edges { node { number status dueAt intakeDueAt overdue applicant { fullName pin } service { title } accrual { status uin amount { amountMinor } } } } } }`,
    };
    await waitUntil(async () => {
      const page = await gql(queuePage.query, {}, officer);
      return page.applicationQueue.edges.length === QUEUE_PAGE && page.applicationQueue.edges.every((e: { node: { accrual: unknown } }) => e.node.accrual);
    });
    await run(`officer queue page of ${QUEUE_PAGE} via gateway`, GATEWAY_URL, queuePage, { authorization: `Bearer ${officer}` });

    console.log(`\nconcurrency ${CONNECTIONS}, ${DURATION}s per scenario, ${os.cpus().length} cores; the platform runs in one process beside this one`);
    printTable(rows);
    console.log(`\ngateway overhead (direct req/s ÷ gateway req/s): search ${(searchDirect.requestsPerSecond / searchGateway.requestsPerSecond).toFixed(2)}x, me ${(meDirect.requestsPerSecond / meGateway.requestsPerSecond).toFixed(2)}x`);
    console.log(`gateway p50 latency added: search ${(searchGateway.p50 - searchDirect.p50).toFixed(1)} ms, me ${(meGateway.p50 - meDirect.p50).toFixed(1)} ms`);

    // push latency: from an officer's mutation to each subscriber's event, over many open subscriptions
    const latency = await measurePushLatency({
      gatewayUrl: GATEWAY_URL,
      officerToken: officer,
      subscribers: SUBSCRIBERS,
      mutations: ids.slice(QUEUE_PAGE).map((id) => async () => {
        await gql('mutation($id: ID!) { acceptApplication(applicationId: $id) { id } }', { id }, officer);
        return `${id}:AWAITING_PAYMENT`;
      }),
    });
    console.log(
      `\npush latency, officer mutation -> subscriber event: ${latency.subscribers} subscribers x ${latency.events} events = ${latency.samples} deliveries` +
        ` (missing ${latency.missing}): p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms, max ${latency.max.toFixed(0)} ms`,
    );
  } finally {
    await platform.stop();
    await stopDb?.();
    rmSync(tmp, { recursive: true, force: true });
  }
}

const GATEWAY_URL = 'http://127.0.0.1:4000/graphql';
const subgraphUrl = (name: string) => `http://127.0.0.1:${{ identity: 4001, catalog: 4002 }[name]}/graphql`;

/** Runs `node platform/dist/start.js` (what `npm start` runs) and waits until it is up. */
async function spawnPlatform(env: Record<string, string>): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.resolve(__dirname, '..', '..', '..', 'platform', 'dist', 'start.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Portal platform is up')) resolve();
    });
    void exited.then((code) => reject(new Error(`the platform exited with ${code} before it was up:\n${output}`)));
  });
  return {
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitUntil(check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out preparing the benchmark');
    await new Promise((r) => setTimeout(r, 200));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
