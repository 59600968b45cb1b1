import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type LocalPostgres } from '../../platform/src/embedded-db';

declare global {
  // eslint-disable-next-line no-var
  var __portalTestPostgres: { server: LocalPostgres | null; dataDir: string | null } | undefined;
}

/**
 * One PostgreSQL for the whole test run: DATABASE_URL's server when set, else a fresh embedded
 * server in a temporary directory. Each test file creates its own database on it.
 */
export default async function globalSetup(): Promise<void> {
  await probeNats();
  if (process.env.DATABASE_URL) {
    process.env.TEST_ADMIN_DATABASE_URL = process.env.DATABASE_URL;
    globalThis.__portalTestPostgres = { server: null, dataDir: null };
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-test-pg-'));
  chmodSync(dataDir, 0o755); // the embedded server runs as its own user when we are root
  const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), persistent: false });
  process.env.TEST_ADMIN_DATABASE_URL = server.url('postgres');
  globalThis.__portalTestPostgres = { server, dataDir };
}

export async function stopTestPostgres(): Promise<void> {
  const state = globalThis.__portalTestPostgres;
  if (!state?.server) return;
  await state.server.stop();
  if (state.dataDir) rmSync(state.dataDir, { recursive: true, force: true });
}

/**
 * The NATS JetStream tests need a NATS server (the test machines and CI run one at 127.0.0.1:4222).
 * On a machine with nothing but Node there is none: `npm test` still passes, those tests are
 * skipped, and this says so at the start of the run (workers read TEST_NATS_AVAILABLE).
 */
async function probeNats(): Promise<void> {
  const url = new URL(process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222');
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 4222), timeout: 1500 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
  process.env.TEST_NATS_AVAILABLE = reachable ? '1' : '0';
  if (!reachable) console.warn(`\nNo NATS server at ${url.host}: the NATS JetStream event tests and the scale test are SKIPPED (start one with \`nats-server -js\`, or set TEST_NATS_URL).\n`);
}
