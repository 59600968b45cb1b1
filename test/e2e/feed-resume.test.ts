import { captureLogs, DEMO_PROVIDERS, DEMO_USERS } from '@portal/kit';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { startPostgresProcess, type StoppablePostgres } from '../support/postgres-process';
import { registerSimpleSigner, type Signer } from '../support/signing';
import { subscribe, type Subscriber } from '../support/subscriptions';

const NO_CRIMINAL_RECORD = '7c1e2d3a-4b5c-4d6e-8f70-000000000101';
const APPLICATIONS = 20; // two status changes each: SUBMITTED, then IN_REVIEW
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Update {
  to: string;
  cursor: string;
  application: { id: string };
}
type Received<K extends string> = Record<K, Update>;

/** What a feed's subscriber must have received: the events in the log, in log order. */
interface LoggedChange {
  applicationId: string;
  to: string;
  applicantId: string;
  providerId: string;
}

const changesOf = (updates: Update[]) => updates.map((u) => `${u.application.id}:${u.to}`);

/**
 * The database itself goes away in the middle of a burst of status changes (its server is stopped
 * and started again): every connected subscriber still gets every event exactly once, in order,
 * and a client that reconnects with `since` gets exactly what it missed, in order, then live ones.
 */
describe('live feeds lose nothing when the database restarts mid-burst', () => {
  let dataDir: string;
  let pg: StoppablePostgres;
  let platform: TestPlatform;
  let databaseUrl: string;
  let citizen: string;
  let officer: string;
  let signer: Signer;
  let logs: ReturnType<typeof captureLogs> | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-feed-pg-'));
    chmodSync(dataDir, 0o755); // the embedded server runs as its own user when we are root
    pg = await startPostgresProcess(path.join(dataDir, 'data'));
    databaseUrl = pg.url;
    // retries over about 20 s, enough for the server to come back
    // (registry documents whose fetch the outage interrupted are retried within a few seconds too)
    platform = await startTestPlatform({
      databaseUrl,
      env: { FEED_RETRY_ATTEMPTS: '14', FEED_RETRY_INITIAL_DELAY_MS: '200', FEED_RETRY_MAX_DELAY_MS: '2000', REGISTRY_FETCH_POLL_MS: '200', REGISTRY_FETCH_RETRY_MAX_MS: '1000', REGISTRY_FETCH_LEASE_MS: '2000' },
    });
    citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
    officer = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
    signer = await registerSimpleSigner(platform, citizen);
    await platform.settle();
    logs = captureLogs();
  }, 180_000);

  afterAll(async () => {
    logs?.stop();
    await platform?.close();
    await pg?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /**
   * Sends a mutation until it goes through (the database may be down); CONFLICT means an earlier try
   * did, except an intake still waiting for its registry documents (their fetch is retried).
   */
  async function untilDone(query: string, variables: Record<string, unknown>, token: string): Promise<void> {
    let last: unknown = null;
    for (let attempt = 0; attempt < 120; attempt += 1) {
      const result = await platform.gql(query, variables, { token }).catch((error: unknown) => String(error));
      if (typeof result === 'object' && !result.errors) return;
      if (typeof result === 'object' && result.errors?.[0]?.extensions?.code === 'CONFLICT' && !result.errors[0].extensions.registryDocuments) return;
      last = typeof result === 'object' ? result.errors : result;
      await sleep(250);
    }
    throw new Error(`gave up on ${query} ${JSON.stringify(variables)}: ${JSON.stringify(last)}`);
  }

  async function loggedChanges(afterSeq: number): Promise<LoggedChange[]> {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const rows = await db.query<{ payload: LoggedChange }>(`select payload from event_bus.event_log where type = 'ApplicationStatusChanged' and seq > $1 order by seq`, [afterSeq]);
      return rows.rows.map((row) => row.payload);
    } finally {
      await db.end();
    }
  }

  it('delivers every status change once, in order, to connected and to resuming subscribers', async () => {
    const drafts: Array<{ id: string; data: unknown }> = [];
    for (let i = 0; i < APPLICATIONS; i += 1) {
      const draft = await platform.gql('mutation($i: SaveDraftInput!) { saveDraft(input: $i) { id data } }', { i: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'employment' } } }, { token: citizen });
      drafts.push(draft.data.saveDraft);
    }
    const ids = drafts.map((d) => d.id);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const startSeq = Number((await db.query<{ hi: string }>('select coalesce(max(seq), 0) as hi from event_bus.event_log')).rows[0].hi);
    await db.end();

    const UPDATES = 'subscription($since: String) { myApplicationUpdates(since: $since) { to cursor version application { id status } } }';
    const connected: Array<{ name: string; feed: 'myApplicationUpdates' | 'providerQueueUpdates'; subscriber: Subscriber<Received<string>> }> = [
      { name: 'citizen', feed: 'myApplicationUpdates', subscriber: subscribe(platform.gatewayUrl, UPDATES, { token: citizen }) },
      // another selection, so its follow-up queries are its own
      { name: 'citizen, second screen', feed: 'myApplicationUpdates', subscriber: subscribe(platform.gatewayUrl, 'subscription { myApplicationUpdates { to cursor application { id number } } }', { token: citizen }) },
      { name: 'officer', feed: 'providerQueueUpdates', subscriber: subscribe(platform.gatewayUrl, 'subscription { providerQueueUpdates { to cursor application { id } } }', { token: officer }) },
    ];
    // two clients that drop off early: one comes back mid-burst, one only after it
    const early = subscribe<Received<'myApplicationUpdates'>>(platform.gatewayUrl, UPDATES, { token: citizen });
    const late = subscribe<Received<'myApplicationUpdates'>>(platform.gatewayUrl, UPDATES, { token: citizen });
    await sleep(500);

    const submitAndAccept = async (i: number) => {
      const signature = await signer.sign({ applicationId: ids[i], serviceId: NO_CRIMINAL_RECORD, data: drafts[i].data });
      await untilDone('mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { status } }', { i: { applicationId: ids[i], signature, signingKeyId: signer.keyId } }, citizen);
      await untilDone('mutation($id: ID!) { acceptApplication(applicationId: $id) { status } }', { id: ids[i] }, officer);
    };
    for (let i = 0; i < 4; i += 1) await submitAndAccept(i);
    await early.waitFor((events) => events.length >= 8, 20_000);
    await late.waitFor((events) => events.length >= 8, 20_000);
    const [earlySeen, earlyCursor] = [early.events.length, early.events.at(-1)!.myApplicationUpdates.cursor];
    const [lateSeen, lateCursor] = [late.events.length, late.events.at(-1)!.myApplicationUpdates.cursor];
    await Promise.all([early.dispose(), late.dispose()]);
    for (let i = 4; i < 8; i += 1) await submitAndAccept(i);

    // a burst of six applications at once; the server stops as soon as its first push is out,
    // while the rest are being committed, relayed and built
    const burst = [8, 9, 10, 11, 12, 13];
    const running = Promise.all(burst.map((i) => submitAndAccept(i)));
    await connected[0].subscriber.waitFor((events) => events.some((e) => ids.indexOf(e.myApplicationUpdates.application.id) >= 8), 20_000);
    const outage = (async () => {
      await pg.stop();
      await sleep(3000);
      await pg.start();
    })();
    await running;
    await outage;
    // back mid-burst with the cursor it had: what it missed, then live
    const resumedEarly = subscribe<Received<'myApplicationUpdates'>>(platform.gatewayUrl, UPDATES, { token: citizen, variables: { since: earlyCursor } });
    for (let i = 14; i < APPLICATIONS; i += 1) await submitAndAccept(i);
    await platform.settle();

    const logged = await loggedChanges(startSeq);
    const mine = logged.filter((c) => c.applicantId === DEMO_USERS.CITIZEN_AIGUL).map((c) => `${c.applicationId}:${c.to}`);
    const queue = logged.filter((c) => c.providerId === DEMO_PROVIDERS.MVD).map((c) => `${c.applicationId}:${c.to}`);
    expect(mine).toHaveLength(APPLICATIONS * 2);
    expect(queue).toEqual(mine);

    for (const { name, feed, subscriber } of connected) {
      await subscriber.waitFor((events) => events.length >= mine.length, 60_000).catch(() => undefined);
      await sleep(300); // anything extra would show now
      const updates = subscriber.events.map((e) => e[feed]);
      expect({ name, errors: subscriber.errors }).toEqual({ name, errors: [] });
      expect({ name, changes: changesOf(updates) }).toEqual({ name, changes: feed === 'myApplicationUpdates' ? mine : queue });
      expect(new Set(updates.map((u) => u.cursor)).size).toBe(updates.length);
    }

    // the client that came back mid-burst: what it missed, then live, each once, in order
    await resumedEarly.waitFor((events) => events.length >= mine.length - earlySeen, 30_000);
    await sleep(300);
    expect(resumedEarly.errors).toEqual([]);
    expect(changesOf(resumedEarly.events.map((e) => e.myApplicationUpdates))).toEqual(mine.slice(earlySeen));

    // the client that comes back after the burst: exactly what it missed
    const resumedLate = subscribe<Received<'myApplicationUpdates'>>(platform.gatewayUrl, UPDATES, { token: citizen, variables: { since: lateCursor } });
    await resumedLate.waitFor((events) => events.length >= mine.length - lateSeen, 30_000);
    await sleep(300);
    expect(resumedLate.errors).toEqual([]);
    expect(changesOf(resumedLate.events.map((e) => e.myApplicationUpdates))).toEqual(mine.slice(lateSeen));

    // the outage really hit the pushes being built: their follow-up queries failed and were retried
    expect(logs!.lines.some((line) => line.level === 'warn' && /follow-up query of a feed event failed .*retrying/.test(String(line.message)))).toBe(true);
    await Promise.all([...connected.map((c) => c.subscriber.dispose()), resumedEarly.dispose(), resumedLate.dispose()]);
  }, 240_000);
});
