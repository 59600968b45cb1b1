import type { RunningGateway } from '@portal/gateway';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { startGatewayReplica, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerSimpleSigner, type Signer } from '../support/signing';
import { subscribe } from '../support/subscriptions';

const NO_CRIMINAL_RECORD = '7c1e2d3a-4b5c-4d6e-8f70-000000000101';

/** Forwards to a subgraph, or answers 503 while told to (a subgraph that is down for a moment). */
async function startFlakyProxy(target: string) {
  const state = { failNext: 0, failAlways: false, failed: 0 };
  const server = http.createServer((req, res) => {
    if (state.failAlways || state.failNext > 0) {
      state.failNext = Math.max(0, state.failNext - 1);
      state.failed += 1;
      req.resume();
      res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
      return;
    }
    const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A gateway whose applications subgraph is unreachable for a while: a failed follow-up query is
 * retried and the event delivered; when every try fails, that event alone arrives as an error
 * (with its cursor) and the feed goes on, in order.
 */
describe('live feeds retry a failed follow-up query, then deliver that one event as an error', () => {
  let platform: TestPlatform;
  let proxy: Awaited<ReturnType<typeof startFlakyProxy>>;
  let replica: RunningGateway;
  let citizen: string;
  let officer: string;
  let signer: Signer;

  beforeAll(async () => {
    platform = await startTestPlatform();
    proxy = await startFlakyProxy(platform.subgraphs.applications.url);
    replica = await startGatewayReplica(platform, {
      subgraphUrls: { applications: `${proxy.url}/graphql` },
      feeds: { retryPolicy: { attempts: 3, initialDelayMs: 100, maxDelayMs: 200 }, replayLimits: { maxEvents: 2, maxAgeHours: 1 } },
    });
    citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
    officer = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
    signer = await registerSimpleSigner(platform, citizen);
    await platform.settle();
  });
  afterAll(async () => {
    await replica?.close();
    await proxy?.close();
    await platform?.close();
  });

  async function submittedDraft(): Promise<string> {
    const draft = await platform.gql('mutation($i: SaveDraftInput!) { saveDraft(input: $i) { id data } }', { i: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'employment' } } }, { token: citizen });
    const { id, data } = draft.data.saveDraft;
    const signature = await signer.sign({ applicationId: id, serviceId: NO_CRIMINAL_RECORD, data });
    const submitted = await platform.gql('mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { status } }', { i: { applicationId: id, signature, signingKeyId: signer.keyId } }, { token: citizen });
    expect(submitted.data.submitApplication.status).toBe('SUBMITTED');
    return id;
  }

  it('delivers after failed tries, gives one event up as RATE_LIMITED with its cursor, and goes on in order', async () => {
    const feed = subscribe(replica.url, 'subscription { myApplicationUpdates { to cursor application { id status } } }', { token: citizen });
    await new Promise((resolve) => setTimeout(resolve, 300));

    // two tries fail, the third gets through
    proxy.state.failNext = 2;
    const first = await submittedDraft();
    await feed.waitFor((events) => events.length === 1);
    expect(feed.events[0].myApplicationUpdates).toMatchObject({ to: 'SUBMITTED', application: { id: first } });
    expect(proxy.state.failed).toBe(2);
    expect(feed.errors).toEqual([]);

    // every try fails: that event arrives as an error of its own
    proxy.state.failAlways = true;
    const accepted = await platform.gql('mutation($id: ID!) { acceptApplication(applicationId: $id) { status } }', { id: first }, { token: officer });
    expect(accepted.data.acceptApplication.status).toBe('IN_REVIEW');
    await feed.waitFor(() => feed.errors.length === 1);
    expect(proxy.state.failed).toBe(5);
    const [given] = feed.errors as Array<{ message: string; path: string[]; extensions: { code: string; cursor: string; applicationId: string; retryAfterSeconds: number } }>;
    expect(given.extensions).toMatchObject({ code: 'RATE_LIMITED', applicationId: first, retryAfterSeconds: expect.any(Number) });
    expect(given.path).toEqual(['myApplicationUpdates']);
    expect(given.message).toMatch(/окуянын/); // the citizen prefers Kyrgyz
    expect(given.extensions.cursor).not.toBe(feed.events[0].myApplicationUpdates.cursor);

    // the feed goes on with the next event
    proxy.state.failAlways = false;
    const second = await submittedDraft();
    await feed.waitFor((events) => events.length === 2);
    expect(feed.events.map((e) => [e.myApplicationUpdates.application.id, e.myApplicationUpdates.to])).toEqual([
      [first, 'SUBMITTED'],
      [second, 'SUBMITTED'],
    ]);
    expect(feed.errors).toHaveLength(1);

    // the given-up event is in the log: a client resuming from the cursor before it gets it again
    const resumed = subscribe(replica.url, 'subscription($since: String) { myApplicationUpdates(since: $since) { to application { id } } }', {
      token: citizen,
      variables: { since: feed.events[0].myApplicationUpdates.cursor },
    });
    await resumed.waitFor((events) => events.length === 2);
    expect(resumed.events.map((e) => [e.myApplicationUpdates.application.id, e.myApplicationUpdates.to])).toEqual([
      [first, 'IN_REVIEW'],
      [second, 'SUBMITTED'],
    ]);
    await Promise.all([feed.dispose(), resumed.dispose()]);
  });

  it('refuses, at once, to resume from further back than the replay limits (here 2 events, 1 hour)', async () => {
    const feed = subscribe(replica.url, 'subscription { myApplicationUpdates { to cursor } }', { token: citizen });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await submittedDraft();
    await feed.waitFor((events) => events.length === 1);
    const since = feed.events[0].myApplicationUpdates.cursor;
    for (let i = 0; i < 3; i += 1) await submittedDraft();
    await feed.waitFor((events) => events.length === 4);
    const RESUME = 'subscription($since: String) { myApplicationUpdates(since: $since) { to } }';
    const tooMany = subscribe(replica.url, RESUME, { token: citizen, variables: { since } });
    await tooMany.waitFor(() => tooMany.errors.length > 0, 3000);
    expect([tooMany.errors].flat(2)[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', maxEvents: 2 } });
    expect(tooMany.events).toEqual([]);

    // a cursor whose event was published two hours ago
    const seq = Number(/^log:(\d+)$/.exec(Buffer.from(feed.events[3].myApplicationUpdates.cursor, 'base64url').toString())![1]);
    const db = new Client({ connectionString: platform.subgraphs.identity.orm.config.getClientUrl() });
    await db.connect();
    await db.query(`update event_bus.event_log set published_at = now() - interval '2 hours' where seq = $1`, [seq]);
    await db.end();
    const tooOld = subscribe(replica.url, RESUME, { token: citizen, variables: { since: feed.events[3].myApplicationUpdates.cursor } });
    await tooOld.waitFor(() => tooOld.errors.length > 0, 3000);
    expect([tooOld.errors].flat(2)[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', maxAgeHours: 1 } });
    await Promise.all([feed.dispose(), tooMany.dispose(), tooOld.dispose()]);
  });
});
