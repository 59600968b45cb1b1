import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
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
