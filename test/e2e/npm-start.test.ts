import { createTestDatabase } from '@portal/kit';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const START_SCRIPT = path.resolve(__dirname, '..', '..', 'platform', 'dist', 'start.js');
const GATEWAY = 'http://127.0.0.1:4000/graphql';
const SUBGRAPH_NAMES = ['identity', 'catalog', 'applications', 'payments', 'notifications'];

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> }> {
  const response = await fetch(GATEWAY, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any };
}

/**
 * `npm start` as the README runs it (platform/dist/start.js on the documented ports): the stand-ins
 * in its process, each subgraph and the gateway in a process of their own; the journey's calls cross
 * them, a subgraph still answers only the gateway, and a process that dies takes the others down.
 */
describe('npm start: each subgraph and the gateway in its own process', () => {
  let platform: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;
  let dataDir: string;
  let busy = false;

  beforeAll(async () => {
    // the documented ports: a platform started by hand on this machine holds them
    busy = await portInUse(4000);
    if (busy) {
      console.warn('npm-start.test: port 4000 is in use (an `npm start` or `npm run bench` running here?): this test is SKIPPED');
      return;
    }
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-start-'));
    const databaseUrl = await createTestDatabase('start');
    platform = spawn(process.execPath, [START_SCRIPT], {
      env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl, PORTAL_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => platform.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start was not up within 150 s:\n${output}`)), 150_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Demo accounts')) {
          clearTimeout(timer);
          resolve();
        }
      };
      platform.stdout!.on('data', onData);
      platform.stderr!.on('data', onData);
      void exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });
  }, 180_000);

  afterAll(async () => {
    if (busy) return;
    if (platform && platform.exitCode === null) {
      platform.kill('SIGTERM');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const pids = () => {
    const gateway = /GraphQL gateway\s+\S+ \(own process, pid (\d+)\)/.exec(output);
    const subgraphs = SUBGRAPH_NAMES.map((name) => new RegExp(`subgraph ${name}\\s+\\S+ .*\\(own process, pid (\\d+)\\)`).exec(output));
    return { gateway: gateway ? Number(gateway[1]) : null, subgraphs: subgraphs.map((match) => (match ? Number(match[1]) : null)) };
  };

  it('lists the gateway and the five subgraphs, each with a process of its own', () => {
    if (busy) return;
    const { gateway, subgraphs } = pids();
    expect(gateway).not.toBeNull();
    expect(subgraphs.every((pid) => pid !== null)).toBe(true);
    const all = [gateway!, ...subgraphs.map((pid) => pid!)];
    expect(new Set([...all, platform.pid]).size).toBe(all.length + 1);
    expect(all.every(alive)).toBe(true);
  });

  it('serves the journey across the processes, and each subgraph still answers only the gateway', async () => {
    if (busy) return;
    const login = await gql('mutation($i: LoginInput!) { login(input: $i) { accessToken } }', { i: { login: 'officer.grs@portal.kg', password: 'Officer2026!' } });
    expect(login.errors).toBeUndefined();
    const token = login.data.login.accessToken as string;
    // identity (me), applications (queue), catalog (services with their providers) and their joins
    const answer = await gql(
      '{ me { fullName roles } applicationQueue(first: 5) { totalCount } services(first: 3) { edges { node { title provider { name } } } } }',
      {},
      token,
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data.me).toEqual({ fullName: 'Gulnara Mamytova', roles: ['PROVIDER_OFFICER'] });
    expect(answer.data.applicationQueue.totalCount).toBeGreaterThanOrEqual(0);
    expect(answer.data.services.edges.length).toBe(3);
    expect(answer.data.services.edges.every((edge: { node: { provider: { name: string } } }) => edge.node.provider.name.length > 0)).toBe(true);

    const direct = await fetch('http://127.0.0.1:4001/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { pin } }' }) });
    const refused = (await direct.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('stops every process when one of them dies, as a supervisor would see it', async () => {
    if (busy) return;
    const { gateway, subgraphs } = pids();
    const payments = subgraphs[SUBGRAPH_NAMES.indexOf('payments')]!;
    process.kill(payments, 'SIGKILL');
    expect(await exited).toBe(1);
    const deadline = Date.now() + 20_000;
    const others = [gateway!, ...subgraphs.map((pid) => pid!)];
    while (others.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(others.filter(alive)).toEqual([]);
    expect(output).toContain('The payments process exited');
  }, 60_000);
});
