import { DEMO_PROVIDERS, DEMO_USERS, type NatsEventBus, TEST_NATS_AVAILABLE, TEST_NATS_URL, testNatsBus } from '@portal/kit';
import { createTestDatabase } from '@portal/kit';
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { NO_CRIMINAL_RECORD } from '../support/journey';
import type { GraphQLResponse, TestPlatform } from '../support/platform';
import { registerSimpleSigner, type Signer } from '../support/signing';
import { subscribe, type Subscriber } from '../support/subscriptions';
import { type Balancer, startBalancer } from './balancer';

const REPLICA_SCRIPT = path.resolve(__dirname, '..', 'dist', 'scale', 'replica-process.js');
const SUBGRAPHS = ['identity', 'catalog', 'applications', 'payments', 'notifications'] as const;
const APPLICATIONS = 12; // two status changes each (SUBMITTED, IN_REVIEW); replicas die after half
const ACK_WAIT_SECONDS = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Replica {
  name: string;
  child: ChildProcess;
  ready: Record<string, unknown>;
}

/** Starts one process of the scale test and waits for its READY line. */
function startReplica(name: string, role: 'subgraphs' | 'gateway', env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, [REPLICA_SCRIPT, role], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 150 s: ${output.slice(-2000)}`)), 150_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = /^READY (.*)$/m.exec(output);
      if (line) {
        clearTimeout(timer);
        resolve({ name, child, ready: JSON.parse(line[1]) as Record<string, unknown> });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}: ${output.slice(-2000)}`));
    });
  });
}

/** Really stops a process (no clean shutdown: its connections just drop) and waits until it is gone. */
async function kill(replica: Replica): Promise<void> {
  if (replica.child.exitCode !== null || replica.child.signalCode !== null) return;
  const gone = new Promise((resolve) => replica.child.once('exit', resolve));
  replica.child.kill('SIGKILL');
  await gone;
}

function client(gatewayUrl: string) {
  const gql = async <T = any>(query: string, variables?: Record<string, unknown>, options: { token?: string } = {}): Promise<GraphQLResponse<T>> => {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse<T>, 'status'>) };
  };
  return { gql };
}

interface Update {
  to: string;
  cursor: string;
  application: { id: string };
}

/**
 * Many machines, on one: 3 gateways and 2 replicas of every subgraph (in separate processes),
 * one database and NATS JetStream, balancers in front of the subgraph replicas. While a stream of
 * application events runs, one replica of every subgraph and one gateway are killed (SIGKILL);
 * every subscriber (those of the killed gateway resume on another with their last cursor) gets
 * every event exactly once, in order, and every consumer handles every event once.
 */
(TEST_NATS_AVAILABLE ? describe : describe.skip)('3 gateways and 2 replicas of each subgraph on NATS, one of each killed midway', () => {
  let bus: NatsEventBus;
  let stream: string;
  const replicas: Replica[] = [];
  const balancers: Balancer[] = [];
  let gateways: Replica[];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    if (!existsSync(REPLICA_SCRIPT)) throw new Error(`${REPLICA_SCRIPT} is missing: run \`npm run build\` first (npm test does).`);
    const started = Date.now();
    bus = await testNatsBus('scale');
    stream = bus.positionTag.slice('js.'.length);
    const databaseUrl = await createTestDatabase('scale');
    // replicas of identity share its signing key, as in production (README: Scaling out)
    const signingKey = JSON.stringify(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }));
    const env = { SCALE_DATABASE_URL: databaseUrl, EVENT_BUS_URL: TEST_NATS_URL, EVENT_BUS_STREAM: stream, EVENT_BUS_ACK_WAIT_SECONDS: String(ACK_WAIT_SECONDS), IDENTITY_SIGNING_KEY: signingKey };
    // the first replica set migrates and seeds, the second starts on a ready database (both would be safe together: advisory locks)
    replicas.push(await startReplica('subgraphs-1', 'subgraphs', env));
    replicas.push(await startReplica('subgraphs-2', 'subgraphs', env));
    for (const name of SUBGRAPHS) {
      const backends = replicas.map((r) => new URL((r.ready.subgraphs as Record<string, string>)[name]));
      balancers.push(await startBalancer(backends.map((u) => ({ host: u.hostname, port: Number(u.port) }))));
    }
    const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((name, i) => [name, balancers[i].url]));
    gateways = await Promise.all([1, 2, 3].map((n) => startReplica(`gateway-${n}`, 'gateway', { ...env, SCALE_SUBGRAPH_URLS: JSON.stringify(subgraphUrls) })));
    replicas.push(...gateways);
    timings.startupSeconds = (Date.now() - started) / 1000;
  }, 200_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => kill(r)));
    await Promise.all(balancers.map((b) => b.close()));
    await bus?.deleteStream();
    await bus?.close();
  });

  it('delivers every event exactly once, in order, to every subscriber while replicas die', async () => {
    const [g1, g2, g3] = gateways.map((g) => String(g.ready.url));
    const api = client(g1);
    const login = async (login: string, password: string) => (await api.gql('mutation($i: LoginInput!) { login(input: $i) { accessToken } }', { i: { login, password } })).data.login.accessToken as string;
    const citizen = await login('aigul@example.kg', 'Citizen2026!');
    const officer = await login('officer.mvd@portal.kg', 'Officer2026!');
    const signer: Signer = await registerSimpleSigner(api as unknown as TestPlatform, citizen);
    const drafts: Array<{ id: string; data: unknown }> = [];
    for (let i = 0; i < APPLICATIONS; i += 1) {
      drafts.push((await api.gql('mutation($i: SaveDraftInput!) { saveDraft(input: $i) { id data } }', { i: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'employment' } } }, { token: citizen })).data.saveDraft);
    }
    const { jsm } = await bus.connected();
    const startSeq = (await jsm.streams.info(stream)).state.last_seq;

    const CITIZEN_FEED = 'subscription($since: String) { myApplicationUpdates(since: $since) { to cursor application { id } } }';
    const OFFICER_FEED = 'subscription($since: String) { providerQueueUpdates(since: $since) { to cursor application { id } } }';
    type Feed = 'myApplicationUpdates' | 'providerQueueUpdates';
    const subscribers = [g1, g2, g3].flatMap((url, n) => [
      { name: `citizen on gateway ${n + 1}`, feed: 'myApplicationUpdates' as Feed, token: citizen, query: CITIZEN_FEED, parts: [subscribe<Record<Feed, Update>>(url, CITIZEN_FEED, { token: citizen })] },
      { name: `officer on gateway ${n + 1}`, feed: 'providerQueueUpdates' as Feed, token: officer, query: OFFICER_FEED, parts: [subscribe<Record<Feed, Update>>(url, OFFICER_FEED, { token: officer })] },
    ]);
    const received = (s: (typeof subscribers)[number]) => s.parts.flatMap((p) => p.events.map((e) => e[s.feed]));
    await sleep(500);

    /** Sends a mutation through a live gateway until it goes through; CONFLICT means an earlier try did. */
    const untilDone = async (query: string, variables: Record<string, unknown>, token: string, url: string) => {
      let last: unknown = null;
      for (let attempt = 0; attempt < 120; attempt += 1) {
        const result = await client(url).gql(query, variables, { token }).catch((error: unknown) => String(error));
        if (typeof result === 'object' && !result.errors) return;
        if (typeof result === 'object' && result.errors?.[0]?.extensions?.code === 'CONFLICT') return;
        last = typeof result === 'object' ? result.errors : result;
        await sleep(250);
      }
      throw new Error(`gave up on ${query}: ${JSON.stringify(last)}`);
    };
    const streamStarted = Date.now();
    for (let i = 0; i < APPLICATIONS; i += 1) {
      if (i === APPLICATIONS / 2) {
        // everyone has seen something, so the killed gateway's subscribers have a cursor to resume from
        for (const s of subscribers) await s.parts[0].waitFor((events) => events.length > 0, 30_000);
        await Promise.all([kill(replicas[1]), kill(gateways[2])]);
        for (const s of subscribers.filter((s) => s.name.endsWith('gateway 3'))) {
          await s.parts[0].closed;
          const since = received(s).at(-1)!.cursor;
          s.parts.push(subscribe<Record<Feed, Update>>(g1, s.query, { token: s.token, variables: { since } }));
        }
      }
      const url = i % 2 === 0 ? g1 : g2;
      const signature = await signer.sign({ applicationId: drafts[i].id, serviceId: NO_CRIMINAL_RECORD, data: drafts[i].data });
      await untilDone('mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { status } }', { i: { applicationId: drafts[i].id, signature, signingKeyId: signer.keyId } }, citizen, url);
      await untilDone('mutation($id: ID!) { acceptApplication(applicationId: $id) { status } }', { id: drafts[i].id }, officer, url);
    }

    // the bus is the truth: what each feed must have pushed, in stream order
    const readLog = () => bus.read({ after: startSeq, upTo: Number.MAX_SAFE_INTEGER, types: ['ApplicationStatusChanged'], limit: 10_000 });
    let logged = await readLog();
    // the last changes may still be on their way from the outbox (the surviving relay publishes them)
    for (const until = Date.now() + 30_000; logged.length < APPLICATIONS * 2 && Date.now() < until; logged = await readLog()) await sleep(100);
    const mine = logged.filter((e) => e.payload.applicantId === DEMO_USERS.CITIZEN_AIGUL).map((e) => `${e.aggregateId}:${String(e.payload.to)}`);
    const queue = logged.filter((e) => e.payload.providerId === DEMO_PROVIDERS.MVD && e.payload.to !== 'DRAFT').map((e) => `${e.aggregateId}:${String(e.payload.to)}`);
    expect(mine).toHaveLength(APPLICATIONS * 2);
    expect(queue).toEqual(mine);

    for (const s of subscribers) {
      const expected = s.feed === 'myApplicationUpdates' ? mine : queue;
      const deadline = Date.now() + 60_000;
      while (received(s).length < expected.length && Date.now() < deadline) await sleep(50);
    }
    timings.deliverySeconds = (Date.now() - streamStarted) / 1000;
    await sleep(500); // anything extra would show now
    for (const s of subscribers) {
      const updates = received(s);
      const expected = s.feed === 'myApplicationUpdates' ? mine : queue;
      // the killed gateway's connections end with their close; any other error is a failure
      const errors = s.parts.flatMap((p, i) => (i === 0 && s.parts.length > 1 ? [] : p.errors)).map((e) => (e as { message?: string }).message ?? String(e));
      expect({ name: s.name, errors }).toEqual({ name: s.name, errors: [] });
      expect({ name: s.name, changes: updates.map((u) => `${u.application.id}:${u.to}`) }).toEqual({ name: s.name, changes: expected });
      expect(new Set(updates.map((u) => u.cursor)).size).toBe(updates.length);
    }

    // every consumer handled every event once, whichever replica had it when the other died
    const NOTICES = 'query { me { notifications(first: 100) { edges { node { type application { id } } } } } }';
    const ids = new Set(drafts.map((d) => d.id));
    const notices = async () => ((await api.gql(NOTICES, {}, { token: citizen })).data.me.notifications.edges as Array<{ node: { type: string; application: { id: string } | null } }>).map((e) => e.node).filter((n) => n.application && ids.has(n.application.id));
    const deadline = Date.now() + 60_000;
    let found = await notices();
    while (found.length < APPLICATIONS * 2 && Date.now() < deadline) {
      await sleep(250);
      found = await notices();
    }
    await sleep(ACK_WAIT_SECONDS * 1000); // a redelivered duplicate would be handled by now
    found = await notices();
    const perApplication = new Map<string, string[]>();
    for (const notice of found) perApplication.set(notice.application!.id, [...(perApplication.get(notice.application!.id) ?? []), notice.type]);
    expect([...perApplication.values()].map((types) => types.sort().join(','))).toEqual(drafts.map(() => 'APPLICATION_ACCEPTED,APPLICATION_SUBMITTED'));
    timings.events = logged.length;
    console.log(`scale test: ${JSON.stringify(timings)}`);
    await Promise.all(subscribers.flatMap((s) => s.parts.map((p) => p.dispose())));
  }, 240_000);
});
