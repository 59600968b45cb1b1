import { startEmbeddedPostgres } from '@portal/platform/dist/embedded-db';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { accountFactory } from './accounts';
import { gatewayClient, login } from './fixtures';
import { measurePushScenarios, pushGoalLines } from './push-latency';

const counts = (value: string | undefined, fallback: number[]) => (value ? value.split(',').map(Number) : fallback);

/**
 * `node test/dist/bench/push.js`: the push scenarios alone (run.ts runs them within `npm run bench`),
 * the platform in its own process on free ports and a throw-away database.
 * PUSH_OFFICERS (default 1000,5000), PUSH_EVENTS (5), PUSH_CITIZENS (200).
 */
async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'portal-push-bench-'));
  chmodSync(tmp, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pg'), persistent: false });
  await pg.ensureDatabase('bench');
  const databaseUrl = pg.url('bench');
  const accounts = accountFactory();
  const child = spawn(process.execPath, [path.join(__dirname, 'platform-process.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORTAL_DATA_DIR: tmp, ...accounts.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const gatewayUrl = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /PLATFORM_READY (\{.*\})/.exec(output);
        if (!ready) return;
        // later lines are discarded unread: this process generates the load, and reading them cost it CPU
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve((JSON.parse(ready[1]) as { gatewayUrl: string }).gatewayUrl);
      });
      void exited.then((code) => reject(new Error(`the platform exited with ${code} before it was up:\n${output}`)));
    });
    const gql = gatewayClient(gatewayUrl);
    const scenarios = await measurePushScenarios({
      gatewayUrl,
      databaseUrl,
      accounts,
      gql,
      officerToken: await login(gql, 'officer.mvd@portal.kg', 'Officer2026!'),
      citizenToken: await login(gql, 'aigul@example.kg', 'Citizen2026!'),
      officerCounts: counts(process.env.PUSH_OFFICERS, [1000, 5000]),
      events: Number(process.env.PUSH_EVENTS ?? 5),
      citizens: Number(process.env.PUSH_CITIZENS ?? 200),
      onScenario: ({ name, latency }) =>
        console.log(`${name}: ${latency.samples} deliveries, p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms, max ${latency.max.toFixed(0)} ms, lost ${latency.missing}, as errors ${latency.errors}`),
    });
    for (const line of pushGoalLines(scenarios)) console.log(line);
  } finally {
    child.kill('SIGTERM');
    await exited;
    await pg.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
