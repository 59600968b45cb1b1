import { CALLER_HEADER, DEMO_USERS, signCallerToken } from '@portal/kit';
import { startEmbeddedPostgres } from '@portal/platform/dist/embedded-db';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gatewayClient, type Gql, login, submitApplications } from './fixtures';
import { measureAccessLog } from './access-log';
import { measureIdleSubscriptions } from './idle-subscriptions';
import { CpuPerRequest, processesFromBanner } from './cpu';
import { averageRounds, loadTest, printTable, type LoadResult } from './measure';
import { measurePushLatency } from './push-latency';

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const LOW_CONCURRENCY = 5;
/** Quiet time before each load run. */
const SETTLE_MS = 2000;
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const IDLE_SUBSCRIPTIONS = Number(process.env.BENCH_IDLE_SUBSCRIPTIONS ?? 10_000);
const PROFILE = process.env.BENCH_PROFILE === '1';
/** `BENCH_ONLY=queue50,me`: just these load scenarios, no push, memory or access-log runs and no goal lines (for profiling one path). */
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((name) => name.trim())) : null;
const INTERNAL_SECRET = 'bench-internal-secret';
const METRICS_TOKEN = 'bench-metrics-token';
const LATENCY_EVENTS = 5;
const PAGE_SIZES = [50, 100] as const;
/** The issue asks for 10^8 rows; generating them takes hours on 2 shared cores, so the default is smaller. */
const ACCESS_LOG_ROWS = Number(process.env.BENCH_ACCESS_LOG_ROWS ?? 1_000_000);
const ACCESS_LOG_TARGET_ROWS = 100_000_000;

const ROOT = path.resolve(__dirname, '..', '..', '..');
const GATEWAY_URL = 'http://127.0.0.1:4000/graphql';
/** Where the platform's and Hive Gateway's output goes (kept after the run). */
const LOG_DIR = os.tmpdir();
const HIVE_PORT = 4020;
const HIVE_URL = `http://127.0.0.1:${HIVE_PORT}/graphql`;
const SUBGRAPH_URLS = { identity: 'http://127.0.0.1:4001/graphql', catalog: 'http://127.0.0.1:4002/graphql' };

/**
 * The issue-10 measurement of the 50-row queue before this work, on this machine: 51-59 req/s (Hive
 * 40-48 in the same runs). The goal for 100 rows is twice that figure: 2 x 55 req/s. (An earlier
 * version scaled it by Hive's figure in the run; since the subgraphs got their own processes Hive
 * is faster too, and the issue names the figure of its day, not Hive's.)
 */
const QUEUE_50_BEFORE = 55;

interface Target {
  label: string;
  url: string;
  /** Asked before each run: caller tokens live 60 s, access tokens 10 minutes. */
  headers: () => Promise<Record<string, string>>;
}

interface Scenario {
  name: string;
  body: unknown;
  connections: number;
  targets: { project: Target; hive: Target; direct?: Target };
}

/**
 * `npm run bench`: the platform runs as `npm start` runs it (its own processes) on a throw-away
 * database, Hive Gateway in another serving the same supergraph against the same subgraphs, and
 * this process generates the load. Every scenario runs through both gateways and, where one
 * subgraph answers it alone, straight at that subgraph, in interleaved rounds so that drifts of
 * the shared machine hit all three alike. The run ends with one line per goal of issue 10.
 */
async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'portal-bench-'));
  chmodSync(tmp, 0o755);
  const profileDir = path.join(ROOT, '.bench-profiles');
  if (PROFILE) mkdirSync(profileDir, { recursive: true });
  let stopDb: (() => Promise<void>) | null = null;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), persistent: false });
    await pg.ensureDatabase('bench');
    databaseUrl = pg.url('bench');
    stopDb = () => pg.stop();
  }
  const platform = await spawnNode(
    [...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), path.join(ROOT, 'platform', 'dist', 'start.js')],
    { DATABASE_URL: databaseUrl, INTERNAL_SECRET, PORTAL_DATA_DIR: tmp, METRICS_TOKEN },
    'Portal platform is up',
    path.join(LOG_DIR, 'bench-platform.log'),
  );
  const hive = await spawnNode(
    // the V8 tuning npm start gives its processes (platform/src/start.ts), for a like-for-like comparison
    ['--max-semi-space-size=64', path.join(__dirname, 'hive-gateway.js'), path.join(ROOT, 'schema', 'supergraph.graphql'), String(HIVE_PORT), 'http://127.0.0.1:4001/.well-known/jwks.json'],
    { INTERNAL_SECRET },
    'hive gateway up',
    path.join(LOG_DIR, 'bench-hive-gateway.log'),
  );
  console.log(`the platform's output: ${path.join(LOG_DIR, 'bench-platform.log')}; Hive Gateway's: ${path.join(LOG_DIR, 'bench-hive-gateway.log')}`);
  // the project's processes as npm start lists them, and Hive Gateway's: the load runs of each target are timed on them
  const cpu = new CpuPerRequest({ ...processesFromBanner(readFileSync(path.join(LOG_DIR, 'bench-platform.log'), 'utf8')), 'Hive Gateway': hive.child.pid! });
  try {
    const gql = gatewayClient(GATEWAY_URL);
    const citizen = await login(gql, 'aigul@example.kg', 'Citizen2026!');
    const officer = await login(gql, 'officer.grs@portal.kg', 'Officer2026!');
    const directCaller = (userId: string | null) => async () => ({
      [CALLER_HEADER]: await signCallerToken(
        { userId, roles: userId ? ['CITIZEN'] : [], providerId: null, acceptLanguage: null, preferredLanguage: 'KY', ip: '127.0.0.1', requestId: 'bench' },
        INTERNAL_SECRET,
      ),
    });
    const both = (headers: () => Promise<Record<string, string>>) => ({
      project: { label: 'project gateway', url: GATEWAY_URL, headers },
      hive: { label: 'Hive Gateway', url: HIVE_URL, headers },
    });

    const ids = await submitApplications(gql, citizen, PAGE_SIZES[PAGE_SIZES.length - 1] + LATENCY_EVENTS);
    const queued = ids.slice(0, PAGE_SIZES[PAGE_SIZES.length - 1]);
    for (const id of queued) await gql('mutation($id: ID!) { acceptApplication(applicationId: $id) { id } }', { id }, officer);
    const queuePage = (rows: number) => ({
      query: `query { applicationQueue(first: ${rows}, filter: { status: [AWAITING_PAYMENT] }) { totalCount edges { node { number status dueAt intakeDueAt overdue applicant { fullName pin } service { title } accrual { status uin amount { amountMinor } } } } } }`,
    });
    await waitUntil(async () => {
      const page = await gql(queuePage(queued.length).query, {}, officer);
      return page.applicationQueue.edges.length === queued.length && page.applicationQueue.edges.every((e: { node: { accrual: unknown } }) => e.node.accrual);
    });

    const bearer = (loginName: string, password: string) => async () => ({ authorization: `Bearer ${await login(gql, loginName, password)}` });
    const officerHeaders = bearer('officer.grs@portal.kg', 'Officer2026!');
    const scenarios: Record<string, Scenario> = {
      search: {
        name: 'catalogue search',
        body: { query: 'query($q: String) { services(filter: { search: $q }, first: 20) { totalCount edges { node { id code title } } } }', variables: { q: 'справка' } },
        connections: CONNECTIONS,
        targets: { ...both(async () => ({})), direct: { label: 'direct to catalog', url: SUBGRAPH_URLS.catalog, headers: directCaller(null) } },
      },
      me: {
        name: '`me`',
        body: { query: 'query { me { id fullName pin email roles } }' },
        connections: CONNECTIONS,
        targets: { ...both(bearer('aigul@example.kg', 'Citizen2026!')), direct: { label: 'direct to identity', url: SUBGRAPH_URLS.identity, headers: directCaller(DEMO_USERS.CITIZEN_AIGUL) } },
      },
      queue50: { name: 'officer queue, 50 rows', body: queuePage(50), connections: CONNECTIONS, targets: both(officerHeaders) },
      queue100: { name: 'officer queue, 100 rows', body: queuePage(100), connections: CONNECTIONS, targets: both(officerHeaders) },
      queue50low: { name: 'officer queue, 50 rows', body: queuePage(50), connections: LOW_CONCURRENCY, targets: both(officerHeaders) },
    };

    if (ONLY) {
      for (const key of Object.keys(scenarios)) if (!ONLY.has(key)) delete scenarios[key];
      if (Object.keys(scenarios).length === 0) throw new Error(`BENCH_ONLY names no scenario; there are search, me, queue50, queue100, queue50low`);
    }
    // a load that is answered with errors measures nothing: every target must answer each scenario first
    for (const scenario of Object.values(scenarios)) {
      for (const target of Object.values(scenario.targets)) await expectAnswer(target.label, target.url, await target.headers(), scenario.body);
    }
    const rounds: Record<string, Record<string, LoadResult[]>> = {};
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [key, scenario] of Object.entries(scenarios)) {
        for (const [which, target] of Object.entries(scenario.targets)) {
          const headers = await target.headers();
          // the answers still on their way when the previous run stopped (c50 x up to a second) must not fall into this one
          await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
          const result = await cpu.measure(`${scenario.name} c${scenario.connections}, ${target.label}`, () =>
            loadTest({
              name: `${scenario.name} c${scenario.connections}, ${target.label}`,
              url: target.url,
              body: scenario.body,
              headers,
              connections: scenario.connections,
              durationSeconds: DURATION,
            }),
          );
          ((rounds[key] ??= {})[which] ??= []).push(result);
        }
      }
    }
    const averaged = Object.fromEntries(Object.entries(rounds).map(([key, byTarget]) => [key, Object.fromEntries(Object.entries(byTarget).map(([which, results]) => [which, averageRounds(results)]))])) as Record<
      string,
      Record<'project' | 'hive' | 'direct', LoadResult>
    >;

    console.log(`\n${ROUNDS} interleaved rounds of ${DURATION}s per scenario and target, ${os.cpus().length} cores; the platform runs as npm start runs it (stand-ins in one process, each subgraph and the gateway in one of its own), Hive Gateway in another, the load in this one`);
    printTable(Object.values(averaged).flatMap((byTarget) => Object.values(byTarget)));
    cpu.print();
    console.log('\nratios (req/s):');
    for (const [key, byTarget] of Object.entries(averaged)) {
      const parts = [`project ÷ Hive ${ratio(byTarget.project, byTarget.hive).toFixed(2)}x`];
      if (byTarget.direct) parts.push(`direct ÷ project ${ratio(byTarget.direct, byTarget.project).toFixed(2)}x`, `direct ÷ Hive ${ratio(byTarget.direct, byTarget.hive).toFixed(2)}x`);
      console.log(`  ${`${scenarios[key].name} c${scenarios[key].connections}`.padEnd(32)} ${parts.join(', ')}`);
    }

    if (ONLY) return;
    const idle = await measureIdleSubscriptions({
      gatewayUrl: GATEWAY_URL,
      metricsUrl: 'http://127.0.0.1:4000/metrics',
      metricsToken: METRICS_TOKEN,
      accessToken: await login(gql, 'officer.grs@portal.kg', 'Officer2026!'),
      count: IDLE_SUBSCRIPTIONS,
    });
    console.log(
      `\nidle subscriptions on the gateway's process: ${idle.opened} of ${idle.subscriptions} opened; per subscription heap ${kib(idle.heapBytesPerSubscription)} KiB, rss ${kib(idle.rssBytesPerSubscription)} KiB` +
        ' (the gateway process alone: its growth divided by the subscriptions)',
    );

    const push = await pushScenarios(gql, await login(gql, 'officer.grs@portal.kg', 'Officer2026!'), ids.slice(queued.length));

    const accessLog = await measureAccessLog({ databaseUrl, gatewayUrl: GATEWAY_URL, citizenToken: await login(gql, 'aigul@example.kg', 'Citizen2026!'), rows: ACCESS_LOG_ROWS, months: 12 });
    console.log(
      `\nmyDataAccessLog over ${accessLog.rows.toLocaleString('en')} generated entries in ${accessLog.months} monthly partitions (${accessLog.subjectEntries.toLocaleString('en')} about the citizen; generated in ${accessLog.generationSeconds.toFixed(0)} s):` +
        ` first page p50 ${accessLog.firstPage.p50.toFixed(1)} ms (max ${accessLog.firstPage.max.toFixed(1)}), page ${accessLog.months / 2} months back p50 ${accessLog.deepPage.p50.toFixed(1)} ms (max ${accessLog.deepPage.max.toFixed(1)}), through the gateway`,
    );

    const { project: q50, hive: q50hive } = averaged.queue50;
    const goals: Array<[string, string, string, boolean]> = [
      ['queue-50-vs-hive', `${ratio(q50, q50hive).toFixed(2)}x Hive (${q50.requestsPerSecond.toFixed(0)} vs ${q50hive.requestsPerSecond.toFixed(0)} req/s)`, '>= 3x', ratio(q50, q50hive) >= 3],
      ['queue-50-p99-c5', `${averaged.queue50low.project.p99.toFixed(0)} ms`, '< 100 ms', averaged.queue50low.project.p99 < 100 && averaged.queue50low.project.requests >= MIN_ANSWERS && averaged.queue50low.project.errors + averaged.queue50low.project.non2xx === 0],
      // "today" is not in this run: its 50-row figure is the issue's (QUEUE_50_BEFORE)
      [
        'queue-100-vs-50-before',
        `${averaged.queue100.project.requestsPerSecond.toFixed(0)} req/s`,
        `>= ${2 * QUEUE_50_BEFORE} req/s = 2 x the 50-row figure before (${QUEUE_50_BEFORE} req/s)`,
        averaged.queue100.project.requests >= MIN_ANSWERS && averaged.queue100.project.errors + averaged.queue100.project.non2xx === 0 && averaged.queue100.project.requestsPerSecond >= 2 * QUEUE_50_BEFORE,
      ],
      ['me-vs-hive', `${ratio(averaged.me.project, averaged.me.hive).toFixed(2)}x`, '>= 1.5x', ratio(averaged.me.project, averaged.me.hive) >= 1.5],
      ['search-vs-hive', `${ratio(averaged.search.project, averaged.search.hive).toFixed(2)}x`, '>= 1.5x', ratio(averaged.search.project, averaged.search.hive) >= 1.5],
      ['me-gateway-overhead', `${ratio(averaged.me.direct, averaged.me.project).toFixed(2)}x direct`, '<= 1.5x', ratio(averaged.me.direct, averaged.me.project) <= 1.5],
      ...push,
      [
        'idle-subscription-memory',
        `${kib(Math.max(idle.rssBytesPerSubscription, idle.heapBytesPerSubscription))} KiB each (${idle.opened} open)`,
        `< 30 KiB with ${IDLE_SUBSCRIPTIONS}`,
        idle.opened === IDLE_SUBSCRIPTIONS && idle.opened > 0 && Math.max(idle.rssBytesPerSubscription, idle.heapBytesPerSubscription) < 30 * 1024,
      ],
      [
        'access-log-query',
        `p50 ${Math.max(accessLog.firstPage.p50, accessLog.deepPage.p50).toFixed(1)} ms at ${accessLog.rows.toLocaleString('en')} rows`,
        `< 50 ms at ${ACCESS_LOG_TARGET_ROWS.toLocaleString('en')} rows`,
        accessLog.rows >= ACCESS_LOG_TARGET_ROWS && Math.max(accessLog.firstPage.p50, accessLog.deepPage.p50) < 50,
      ],
    ];
    console.log('');
    for (const [name, measured, target, met] of goals) console.log(`goal ${name}: ${measured} (target ${target}) ${met ? 'met' : 'missed'}`);
  } finally {
    await hive.stop();
    await platform.stop();
    await stopDb?.();
    rmSync(tmp, { recursive: true, force: true });
    if (PROFILE) console.log(`\nCPU profile of the platform process written to ${profileDir} (open in Chrome DevTools or speedscope)`);
  }
}

/**
 * The push scenarios (the push helper's measurePushLatency), in this one place: returns their goal
 * lines. Measured here: `SUBSCRIBERS` subscriptions of one officer.
 */
async function pushScenarios(gql: Gql, officer: string, applicationIds: string[]): Promise<Array<[string, string, string, boolean]>> {
  const latency = await measurePushLatency({
    gatewayUrl: GATEWAY_URL,
    officerToken: officer,
    subscribers: SUBSCRIBERS,
    mutations: applicationIds.map((id) => async () => {
      await gql('mutation($id: ID!) { acceptApplication(applicationId: $id) { id } }', { id }, officer);
      return `${id}:AWAITING_PAYMENT`;
    }),
  });
  console.log(
    `\npush latency, officer mutation -> subscriber event: ${latency.subscribers} subscriptions of one officer x ${latency.events} events = ${latency.samples} deliveries` +
      ` (missing ${latency.missing}): p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms, max ${latency.max.toFixed(0)} ms`,
  );
  return [
    [
      `push-${latency.subscribers}-subscriptions-one-officer`,
      `p99 ${latency.p99.toFixed(0)} ms, ${latency.missing} missing (distinct officers: the push scenario's own measurement)`,
      '< 250 ms, none missing',
      latency.p99 < 250 && latency.missing === 0,
    ],
  ];
}

async function expectAnswer(label: string, url: string, headers: Record<string, string>, body: unknown): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const answer = (await response.json()) as { data?: unknown; errors?: unknown };
  if (!response.ok || answer.errors || !answer.data) throw new Error(`${label} does not answer ${JSON.stringify(body).slice(0, 80)}…: ${response.status} ${JSON.stringify(answer).slice(0, 500)}`);
}

/** Fewer answers than this in a scenario's runs is no measurement (a machine busy with other work). */
const MIN_ANSWERS = 20;

/** a ÷ b in req/s; NaN (a missed goal) when either answered too little or with errors. */
function ratio(a: LoadResult, b: LoadResult): number {
  const clean = (r: LoadResult) => r.requests >= MIN_ANSWERS && r.errors + r.non2xx === 0;
  return clean(a) && clean(b) ? a.requestsPerSecond / b.requestsPerSecond : NaN;
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}

/**
 * Starts a Node process and waits until it prints `ready`. Its output goes to a file (`logFile`),
 * not through this process: this process generates the load, and reading every log line of the
 * platform's processes here (ten per queue page) took CPU from the load generator.
 */
async function spawnNode(args: string[], env: Record<string, string>, ready: string, logFile: string): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + 300_000;
  for (;;) {
    const output = readFileSync(logFile, 'utf8');
    if (output.includes(ready)) break;
    if (exitCode !== undefined || Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`${args.join(' ')} ${exitCode !== undefined ? `exited with ${exitCode}` : 'did not start in 300 s'} before it was up:\n${output.slice(-5000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return {
    child,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitUntil(check: () => Promise<boolean>, ms = 120_000): Promise<void> {
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
