import type { RunningGateway } from '@portal/gateway';
import { ALSO_FOR_EXTENSION, DEMO_PROVIDERS, signCallerToken, TEST_INTERNAL_SECRET, CALLER_HEADER } from '@portal/kit';
import type { SubgraphName } from '@portal/schema';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { accountFactory, type SeededAccount } from '../bench/accounts';
import { BIRTH_CERTIFICATE_DUPLICATE, submitApplication } from '../support/journey';
import { startGatewayReplica, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerSimpleSigner, type Signer } from '../support/signing';
import { subscribe, type Subscriber } from '../support/subscriptions';

const BIRTH_CERTIFICATE_DATA = { issuedFor: 'self', personFullName: 'Асанова Айгуль Маратовна', personBirthDate: '1990-05-15', reason: 'lost', registryOffice: 'bishkek' };

interface FeedQuery {
  /** How many shared or single users the query was made for (1 + the alsoFor list). */
  recipients: number;
}

/**
 * Forwards to the applications subgraph and notes each live-feed follow-up query (the gateway's
 * `SubscriptionEvent` operation) with how many recipients it names; answers 503 while told to.
 */
async function startCountingProxy(target: string) {
  const state = { queries: [] as FeedQuery[], failAlways: false };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      if (text.includes('SubscriptionEvent')) {
        const alsoFor = (JSON.parse(text) as { extensions?: Record<string, unknown> }).extensions?.[ALSO_FOR_EXTENSION];
        state.queries.push({ recipients: 1 + (Array.isArray(alsoFor) ? alsoFor.length : 0) });
        if (state.failAlways) {
          res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
          return;
        }
      }
      const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const QUEUE_FEED = 'subscription { providerQueueUpdates { to application { id number status service { id title } } } }';

/**
 * Live-feed events are rendered once per access class (issue 10): officers of one provider with the
 * same roles and language share one follow-up query, run as one of them with every recipient named,
 * so the per-event work (and its SQL) does not grow with the number of subscribers; the subgraphs
 * still record each recipient's read of personal data, and nobody outside the class shares it.
 */
describe('live feeds share one query per event within an access class, and only there', () => {
  const factory = accountFactory();
  const statements: Array<{ subgraph: SubgraphName; sql: string }> = [];
  let recording = false;
  let platform: TestPlatform;
  let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
  let replica: RunningGateway;
  let databaseUrl: string;
  let citizen: { token: string; signer: Signer };
  let officer: string;
  let grsOfficersKy: SeededAccount[];
  let grsOfficersRu: SeededAccount[];
  let mvdOfficers: SeededAccount[];
  const open: Subscriber[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform({ env: factory.env, onQuery: (subgraph, sql) => recording && statements.push({ subgraph, sql }) });
    proxy = await startCountingProxy(platform.subgraphs.applications.url);
    replica = await startGatewayReplica(platform, {
      subgraphUrls: { applications: `${proxy.url}/graphql` },
      feeds: { retryPolicy: { attempts: 2, initialDelayMs: 50, maxDelayMs: 50 } },
    });
    databaseUrl = platform.subgraphs.identity.orm.config.getClientUrl();
    grsOfficersKy = await factory.create(databaseUrl, { count: 30, roles: ['PROVIDER_OFFICER'], providerId: DEMO_PROVIDERS.GRS, language: 'KY' });
    grsOfficersRu = await factory.create(databaseUrl, { count: 3, roles: ['PROVIDER_OFFICER'], providerId: DEMO_PROVIDERS.GRS, language: 'RU' });
    mvdOfficers = await factory.create(databaseUrl, { count: 3, roles: ['PROVIDER_OFFICER'], providerId: DEMO_PROVIDERS.MVD, language: 'KY' });
    const token = await platform.login('aigul@example.kg', 'Citizen2026!');
    citizen = { token, signer: await registerSimpleSigner(platform, token) };
    officer = await platform.login('officer.grs@portal.kg', 'Officer2026!');
    await platform.settle();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((feed) => feed.dispose()));
    proxy.state.failAlways = false;
  });
  afterAll(async () => {
    await replica?.close();
    await proxy?.close();
    await platform?.close();
  });

  /** Subscribes each account to `query` on the replica and waits until the subscriptions are in place. */
  async function subscribeAll(accounts: SeededAccount[], query: string, variables?: Record<string, unknown>): Promise<Subscriber[]> {
    const feeds = accounts.map((account) => subscribe(replica.url, query, { token: account.accessToken, variables }));
    open.push(...feeds);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return feeds;
  }

  /** What a feed got about the application: its events, or its errors, with the status they are about. */
  const about = (feed: Subscriber, applicationId: string, to: string) =>
    feed.events.filter((event) => {
      const value = Object.values(event)[0] as { to?: string; application?: { id?: string } };
      return value.to === to && value.application?.id === applicationId;
    }).length + (to === 'AWAITING_PAYMENT' ? feed.errors.filter((error) => (error as { extensions?: { applicationId?: string } }).extensions?.applicationId === applicationId).length : 0);

  /** Submits a fresh application to GRS and waits until `feeds` have its SUBMITTED push, so what follows is the acceptance alone. */
  async function freshApplication(feeds: Subscriber[] = []): Promise<string> {
    const { id } = await submitApplication(platform, citizen, BIRTH_CERTIFICATE_DUPLICATE, BIRTH_CERTIFICATE_DATA);
    await Promise.all(feeds.map((feed) => feed.waitFor(() => about(feed, id, 'SUBMITTED') >= 1, 20_000)));
    await platform.settle();
    return id;
  }

  /**
   * Accepts the (paid) application and waits until every feed has both its pushes (the AWAITING_PAYMENT
   * change, then the same with its accrual) or an error for each; returns the follow-up queries made
   * meanwhile and how many SQL statements read applications in the applications subgraph.
   */
  async function acceptAndDeliver(applicationId: string, feeds: Subscriber[]): Promise<{ queries: FeedQuery[]; statements: number }> {
    const queriesBefore = proxy.state.queries.length;
    statements.length = 0;
    recording = true;
    await platform.ok('mutation($id: ID!) { acceptApplication(applicationId: $id) { id } }', { id: applicationId }, officer);
    await Promise.all(feeds.map((feed) => feed.waitFor(() => about(feed, applicationId, 'AWAITING_PAYMENT') >= 2, 20_000)));
    await platform.settle();
    recording = false;
    const reads = statements.filter((statement) => statement.subgraph === 'applications' && /from "applications"\."application"/i.test(statement.sql)).length;
    return { queries: proxy.state.queries.slice(queriesBefore), statements: reads };
  }

  it('runs one follow-up query per event for 30 officers of one provider, with as many SQL statements as for 2', async () => {
    const few = await subscribeAll(grsOfficersKy.slice(0, 2), QUEUE_FEED);
    const fewRun = await acceptAndDeliver(await freshApplication(few), few);
    await Promise.all(open.splice(0).map((feed) => feed.dispose()));

    const many = await subscribeAll(grsOfficersKy, QUEUE_FEED);
    // officers of another provider on the same feed: not in the class, not even a match
    const otherProvider = await subscribeAll(mvdOfficers, QUEUE_FEED);
    const application = await freshApplication(many);
    const manyRun = await acceptAndDeliver(application, many);
    expect(otherProvider.every((feed) => feed.events.length === 0 && feed.errors.length === 0)).toBe(true);

    expect(fewRun.queries.map((query) => query.recipients)).toEqual([2, 2]); // the acceptance, then the accrual's push
    expect(manyRun.queries.map((query) => query.recipients)).toEqual([30, 30]);
    expect(fewRun.statements).toBeGreaterThan(0);
    expect(manyRun.statements).toBe(fewRun.statements);
    for (const feed of many) {
      expect(feed.errors).toEqual([]);
      expect(feed.events.at(-1)?.providerQueueUpdates).toMatchObject({ to: 'AWAITING_PAYMENT', application: { id: application, status: 'AWAITING_PAYMENT', service: { title: expect.any(String) } } });
    }
  });

  it('never shares across providers, languages or roles, nor with the applicant, nor a selection with a USER field', async () => {
    const application = await freshApplication();
    const STATUS_FEED = 'subscription($id: ID!) { applicationStatusChanged(applicationId: $id) { to application { id status } } }';
    const ky = await subscribeAll(grsOfficersKy.slice(0, 3), STATUS_FEED, { id: application });
    const ru = await subscribeAll(grsOfficersRu, STATUS_FEED, { id: application });
    const operator = await platform.login('operator@portal.kg', 'Operator2026!');
    const operatorFeed = subscribe(replica.url, STATUS_FEED, { token: operator, variables: { id: application } });
    const applicantFeed = subscribe(replica.url, STATUS_FEED, { token: citizen.token, variables: { id: application } });
    // an officer of another provider cannot even open the feed of this application
    const foreign = await subscribeAll(mvdOfficers.slice(0, 1), STATUS_FEED, { id: application });
    open.push(operatorFeed, applicantFeed);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { queries } = await acceptAndDeliver(application, [...ky, ...ru, operatorFeed, applicantFeed]);
    // one event (the acceptance; the accrual is pushed too): per push KY officers, RU officers, the operator, the applicant
    expect(queries.map((query) => query.recipients).sort()).toEqual([1, 1, 1, 1, 3, 3, 3, 3]);
    expect(foreign[0].events).toEqual([]);
    expect(foreign[0].errors).toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);

    // who the applicant is is a USER field: no officer shares it with another
    const named = await subscribeAll(grsOfficersKy.slice(3, 6), 'subscription { providerQueueUpdates { to application { id applicant { fullName } } } }');
    const next = await acceptAndDeliver(await freshApplication(named), named);
    expect(next.queries.map((query) => query.recipients)).toEqual([1, 1, 1, 1, 1, 1]);
    for (const feed of named) expect(feed.events.at(-1)?.providerQueueUpdates.application.applicant.fullName).toBe('Aigul Asanova');
  });

  it("records every recipient's read of the applicant's data, from the one shared query", async () => {
    const readers = grsOfficersKy.slice(6, 16);
    const feeds = await subscribeAll(readers, 'subscription { providerQueueUpdates { to application { id data } } }');
    const application = await freshApplication(feeds);
    const { queries } = await acceptAndDeliver(application, feeds);
    expect(queries.map((query) => query.recipients)).toEqual([10, 10]);
    for (const feed of feeds) expect(feed.events.at(-1)?.providerQueueUpdates.application.data).toMatchObject({ registryOffice: 'bishkek' });
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const logged = await platform.until(
        async () => (await db.query<{ actor_user_id: string }>(`select distinct actor_user_id from identity.data_access_log where application_id = $1 and operation = 'application'`, [application])).rows.map((row) => row.actor_user_id),
        (actors) => actors.length >= readers.length,
        'a data-access entry for every officer who got the data',
      );
      expect([...logged].sort()).toEqual(readers.map((reader) => reader.userId).sort());
    } finally {
      await db.end();
    }
  });

  it('gives every member of a class whose event could not be rendered an error in their language, and goes on', async () => {
    const ky = await subscribeAll(grsOfficersKy.slice(16, 19), QUEUE_FEED);
    const ru = await subscribeAll(grsOfficersRu.slice(0, 2), QUEUE_FEED);
    const application = await freshApplication([...ky, ...ru]);
    proxy.state.failAlways = true;
    await acceptAndDeliver(application, [...ky, ...ru]);
    for (const [feeds, text] of [
      [ky, /окуянын/],
      [ru, /события/],
    ] as const) {
      for (const feed of feeds) {
        expect(feed.errors).toHaveLength(2);
        const [error] = feed.errors as Array<{ message: string; extensions: { code: string; cursor: string; applicationId: string } }>;
        expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', applicationId: application, cursor: expect.any(String) });
        expect(error.message).toMatch(text);
      }
    }
    proxy.state.failAlways = false;
    const next = await freshApplication([...ky, ...ru]);
    await acceptAndDeliver(next, [...ky, ...ru]);
    for (const feed of [...ky, ...ru]) expect(feed.events.at(-1)?.providerQueueUpdates).toMatchObject({ to: 'AWAITING_PAYMENT', application: { id: next } });
  });

  it('a subgraph refuses a recipient list its caller token does not pin, and ignores one no token pins', async () => {
    const application = await freshApplication();
    const [reader, added] = grsOfficersKy.slice(20, 22);
    const caller = { userId: reader.userId, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.GRS, acceptLanguage: null, preferredLanguage: null, ip: null, requestId: 'direct-read-0001' };
    const ask = async (token: string, alsoFor: string[] | undefined) => {
      const response = await fetch(`${platform.subgraphs.applications.url}/graphql`, {
        method: 'POST',
        // the request id travels beside the token, as the gateway sends it
        headers: { 'content-type': 'application/json', [CALLER_HEADER]: token, 'x-request-id': caller.requestId },
        body: JSON.stringify({ query: 'query($id: ID!) { application(id: $id) { id data } }', variables: { id: application }, ...(alsoFor ? { extensions: { [ALSO_FOR_EXTENSION]: alsoFor } } : {}) }),
      });
      return { status: response.status, body: (await response.json()) as { data?: { application: { id: string } | null }; errors?: Array<{ extensions?: { code?: string } }> } };
    };
    const pinned = await signCallerToken({ ...caller, alsoFor: [added.userId] }, TEST_INTERNAL_SECRET);
    // another list than the one signed, or none: refused like a forged token
    for (const claimed of [[added.userId, grsOfficersKy[23].userId], undefined]) {
      const refused = await ask(pinned, claimed);
      expect(refused.status).toBe(401);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    // a list in the body that no token pins changes nothing: the read is the caller's alone
    const plain = await ask(await signCallerToken(caller, TEST_INTERNAL_SECRET), [added.userId]);
    expect(plain.body.data?.application?.id).toBe(application);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const actors = await platform.until(
        async () => (await db.query<{ actor_user_id: string }>(`select distinct actor_user_id from identity.data_access_log where application_id = $1 and request_id = $2`, [application, caller.requestId])).rows.map((row) => row.actor_user_id),
        (found) => found.length > 0,
        "the direct read's data-access entry",
      );
      expect(actors).toEqual([reader.userId]);
    } finally {
      await db.end();
    }
  });
});
