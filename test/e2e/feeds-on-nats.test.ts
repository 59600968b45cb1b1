import type { RunningGateway } from '@portal/gateway';
import { DEMO_USERS, type NatsEventBus, TEST_NATS_AVAILABLE, TEST_NATS_URL, testNatsBus } from '@portal/kit';
import { Client } from 'pg';
import { NO_CRIMINAL_RECORD, noticesOf, PAID_JOURNEY_NOTICES, runPaidJourney, submitApplication } from '../support/journey';
import { startGatewayReplica, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerQualifiedSigner, registerSimpleSigner, type Signer } from '../support/signing';
import { subscribe, type Subscriber } from '../support/subscriptions';

interface Update {
  to: string;
  cursor: string;
  application: { id: string };
}

const UPDATES = 'subscription($since: String) { myApplicationUpdates(since: $since) { to cursor application { id } } }';
const changesOf = (events: Array<{ myApplicationUpdates: Update }>) => events.map((e) => `${e.myApplicationUpdates.application.id}:${e.myApplicationUpdates.to}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The whole platform with NATS JetStream as its event bus (EVENT_BUS_URL), on a stream of this
 * file's own: the journey's events reach every consumer once, two gateways push every change to
 * their subscribers, and a feed resumed on the other gateway gets exactly what it missed.
 */
(TEST_NATS_AVAILABLE ? describe : describe.skip)('the platform on NATS JetStream', () => {
  let bus: NatsEventBus;
  let platform: TestPlatform;
  let second: RunningGateway;
  let citizen: { token: string; signer: Signer };
  let grsOfficer: { token: string; signer: Signer };
  let mvdOfficer: string;

  beforeAll(async () => {
    bus = await testNatsBus('feeds');
    const eventBus = { url: TEST_NATS_URL, stream: bus.positionTag.slice('js.'.length) };
    platform = await startTestPlatform({ env: { EVENT_BUS_URL: eventBus.url, EVENT_BUS_STREAM: eventBus.stream } });
    second = await startGatewayReplica(platform, { eventBus });
    const token = await platform.login('aigul@example.kg', 'Citizen2026!');
    citizen = { token, signer: await registerSimpleSigner(platform, token) };
    const grs = await platform.login('officer.grs@portal.kg', 'Officer2026!');
    grsOfficer = { token: grs, signer: await registerQualifiedSigner(platform, grs, { pin: '11107198700042', name: 'Gulnara Mamytova', organization: 'GRS' }) };
    mvdOfficer = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
    await platform.settle();
  }, 120_000);

  afterAll(async () => {
    await second?.close();
    await platform?.close();
    await bus?.deleteStream();
    await bus?.close();
  });

  it('carries the paid journey: every notice once, every push once, in order, on both gateways, and a resumed feed gets what it missed', async () => {
    const onFirst: Subscriber<{ myApplicationUpdates: Update }> = subscribe(platform.gatewayUrl, UPDATES, { token: citizen.token });
    const onSecond: Subscriber<{ myApplicationUpdates: Update }> = subscribe(second.url, UPDATES, { token: citizen.token });
    const dropsOff: Subscriber<{ myApplicationUpdates: Update }> = subscribe(platform.gatewayUrl, UPDATES, { token: citizen.token });
    const queue = subscribe(second.url, 'subscription { providerQueueUpdates { to application { id } } }', { token: mvdOfficer });
    await sleep(500);

    const first = await submitApplication(platform, citizen, NO_CRIMINAL_RECORD, { purpose: 'employment' });
    await platform.ok('mutation($id: ID!) { acceptApplication(applicationId: $id) { status } }', { id: first.id }, mvdOfficer);
    await dropsOff.waitFor((events) => events.length >= 2, 20_000);
    const cursor = dropsOff.events.at(-1)!.myApplicationUpdates.cursor;
    await dropsOff.dispose();

    const paid = await runPaidJourney(platform, citizen, grsOfficer);
    const third = await submitApplication(platform, citizen, NO_CRIMINAL_RECORD, { purpose: 'employment' });
    await platform.settle();

    // every consumer handled each event once: one notice of each kind for the paid journey
    const notices = await platform.until(() => noticesOf(platform, citizen.token, paid.id), (n) => n.length >= PAID_JOURNEY_NOTICES.length, 'the paid journey notices');
    expect(notices.map((n) => n.type).sort()).toEqual([...PAID_JOURNEY_NOTICES].sort());

    await onFirst.waitFor((events) => events.some((e) => e.myApplicationUpdates.application.id === third.id), 30_000);
    await onSecond.waitFor((events) => events.some((e) => e.myApplicationUpdates.application.id === third.id), 30_000);
    await sleep(300); // anything extra would show now
    const pushed = changesOf(onFirst.events);
    // what the bus holds for this citizen, in stream order (an accrual pushes its AWAITING_PAYMENT change once more)
    const logged = (await bus.read({ after: 0, upTo: Number.MAX_SAFE_INTEGER, types: ['ApplicationStatusChanged'], limit: 1000 }))
      .filter((e) => e.payload.applicantId === DEMO_USERS.CITIZEN_AIGUL)
      .map((e) => `${e.aggregateId}:${String(e.payload.to)}`);
    expect(logged.filter((c) => c.startsWith(paid.id)).at(-1)).toBe(`${paid.id}:APPROVED`);
    expect(pushed.filter((c, i) => c !== pushed[i - 1])).toEqual(logged);
    expect(changesOf(onSecond.events)).toEqual(pushed);
    expect(new Set(onFirst.events.map((e) => e.myApplicationUpdates.cursor)).size).toBe(pushed.length);
    expect(onFirst.errors).toEqual([]);
    expect(queue.events.map((e) => e.providerQueueUpdates.application.id)).toEqual([first.id, first.id, third.id]);

    // resumed on the other gateway with the cursor the first one issued: exactly what it missed, in order
    const resumed: Subscriber<{ myApplicationUpdates: Update }> = subscribe(second.url, UPDATES, { token: citizen.token, variables: { since: cursor } });
    await resumed.waitFor((events) => events.length >= pushed.length - 2, 30_000);
    await sleep(300);
    expect(resumed.errors).toEqual([]);
    expect(changesOf(resumed.events)).toEqual(pushed.slice(2));

    // the PostgreSQL log carried none of it: the bus did
    const db = new Client({ connectionString: platform.subgraphs.identity.orm.config.getClientUrl() });
    await db.connect();
    try {
      const { rows } = await db.query<{ count: number }>('select count(*)::int as count from event_bus.event_log');
      expect(rows[0].count).toBe(0);
      const { rows: waiting } = await db.query<{ count: number }>(`select count(*)::int as count from applications.outbox where published_at is null`);
      expect(waiting[0].count).toBe(0);
    } finally {
      await db.end();
    }
    await Promise.all([onFirst, onSecond, queue, resumed].map((s) => s.dispose()));
  }, 180_000);
});
