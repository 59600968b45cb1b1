import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { DEMO_USERS, type EventPayloads, publishTestEvent, startTestSubgraph, type TestSubgraph, waitUntil, testUserProfile } from '@portal/kit';
import { loadNotificationsConfig } from '../config';
import { createNotificationsSubgraph } from '../subgraph';
import { createEmailSender } from './email/email.sender';
import { claimDeliveries, recordAttempt, recordDeliveryReceipt, startDeliveryWorker } from './delivery.worker';

const AIGUL = DEMO_USERS.CITIZEN_AIGUL;
const BAKYT = DEMO_USERS.CITIZEN_BAKYT;
const SERVICE_TITLE = { ky: 'Соттолбогондугу жөнүндө маалымкат', ru: 'Справка об отсутствии судимости' };

interface Received {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  listUnsubscribe: string;
}

/** A plain SMTP server the test controls: accepts, refuses recipients (550), or answers 421 (down). */
class SmtpPeer {
  received: Received[] = [];
  mode: 'accept' | 'refuse' | 'down' = 'accept';
  private server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
    onConnect: (_session, callback) => callback(this.mode === 'down' ? Object.assign(new Error('Service not available, try later'), { responseCode: 421 }) : undefined),
    onRcptTo: (address, _session, callback) =>
      callback(this.mode === 'refuse' ? Object.assign(new Error(`No such user: ${address.address}`), { responseCode: 550 }) : undefined),
    onData: (stream, _session, callback) => {
      simpleParser(stream).then(
        (mail) => {
          this.received.push({
            to: [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? '')),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            messageId: mail.messageId ?? '',
            listUnsubscribe: mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/^List-Unsubscribe:\s*/i, '') ?? '',
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const profile = testUserProfile;

let peer: SmtpPeer;
let subgraph: TestSubgraph;

let quiet: TestSubgraph; // the same subgraph without its worker: the tests below run workers by hand on it

async function sql<T>(query: string, params: unknown[] = [], on: TestSubgraph = subgraph): Promise<T[]> {
  return on.orm.em.fork().execute<T[]>(query, params);
}

/** A submitted application of `userId`: one notice, with an EMAIL delivery when the user chose it. */
async function submitted(userId: string, number: string, on: TestSubgraph = subgraph): Promise<string> {
  const applicationId = randomUUID();
  const change: EventPayloads['ApplicationStatusChanged'] = {
    applicationId,
    number,
    applicantId: userId,
    providerId: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0001',
    serviceId: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a9001',
    serviceVersion: 1,
    serviceTitle: SERVICE_TITLE,
    from: 'DRAFT',
    to: 'SUBMITTED',
    at: '2026-12-01T08:05:00Z',
    reason: null,
    appealProcedure: null,
    payment: null,
    dueAt: null,
    intakeDueAt: '2026-12-02T09:00:00Z',
    resultDocumentNumber: null,
  };
  await publishTestEvent(on.databaseUrl, 'ApplicationStatusChanged', { type: 'Application', id: applicationId, version: 2 }, change);
  return applicationId;
}

async function emailDeliveryOf(applicationId: string, on: TestSubgraph = subgraph) {
  const [row] = await sql<{ notification_id: string; status: string; attempts: number; last_error: string | null; lease_owner: string | null; sent_at: Date | null }>(
    `select d.notification_id, d.status, d.attempts, d.last_error, d.lease_owner, d.sent_at
       from notifications.delivery d join notifications.notification n on n.id = d.notification_id
      where n.application_id = ? and d.channel = 'EMAIL'`,
    [applicationId],
    on,
  );
  return row;
}


beforeAll(async () => {
  peer = new SmtpPeer();
  await peer.start();
  const config = loadNotificationsConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://set-by-the-test-subgraph',
    SMTP_URL: `smtp://portal:secret@127.0.0.1:${peer.port}`,
    PORTAL_WEB_URL: 'https://portal.example.kg/',
    NOTIFY_EMAIL_FROM: 'Portal <no-reply@portal.example.kg>',
    DELIVERY_RETRY_INITIAL_DELAY_MS: '100',
    DELIVERY_RETRY_MAX_DELAY_MS: '200',
    DELIVERY_MAX_ATTEMPTS: '1000',
    DELIVERY_POLL_MS: '50',
    DELIVERY_LEASE_SECONDS: '10',
    SMTP_TIMEOUT_MS: '2000',
    EMAIL_RATE_PER_SECOND: '100',
    SMPP_URL: 'smpp://portal:secret@127.0.0.1:1', // no SMS centre: SMS attempts fail and wait
    SMPP_TIMEOUT_MS: '500',
  });
  subgraph = await startTestSubgraph(createNotificationsSubgraph(config), { onQuery: () => undefined });
  quiet = await startTestSubgraph(createNotificationsSubgraph(), { onQuery: () => undefined });
  for (const on of [subgraph, quiet]) await knowTheCitizens(on);
});

async function knowTheCitizens(on: TestSubgraph): Promise<void> {
  await publishTestEvent(on.databaseUrl, 'UserProfileChanged', { type: 'User', id: AIGUL, version: 1 }, profile(AIGUL, { email: 'aigul@example.kg', preferredLanguage: 'RU' }));
  await publishTestEvent(on.databaseUrl, 'UserProfileChanged', { type: 'User', id: BAKYT, version: 1 }, profile(BAKYT, { email: 'bakyt@example.kg', phone: '+996700100102', preferredLanguage: 'KY' }));
  await on.drain();
  for (const [user, channels] of [[AIGUL, 'CABINET, EMAIL'], [BAKYT, 'CABINET, EMAIL, SMS']] as const) {
    const chosen = await on.request(`mutation { updateNotificationPreferences(input: { channels: [${channels}] }) { channels } }`, {}, { userId: user, roles: ['CITIZEN'] });
    expect(chosen.errors).toBeUndefined();
  }
}

/** A worker as another replica would run it, on the quiet subgraph's database. */
function replicaWorker(leaseMs = 10_000) {
  return startDeliveryWorker(quiet.orm, {
    senders: [createEmailSender({ smtpUrl: `smtp://127.0.0.1:${peer.port}`, from: 'no-reply@portal.example.kg', portalWebUrl: 'http://localhost:4000/', ratePerSecond: 1000, timeoutMs: 2000 })],
    policy: { maxAttempts: 3, maxAgeMs: 60_000, initialDelayMs: 100, maxDelayMs: 200 },
    leaseMs,
    pollMs: 20,
  });
}

afterAll(async () => {
  await subgraph?.close();
  await quiet?.close();
  await peer?.close();
});

beforeEach(() => {
  peer.mode = 'accept';
  peer.received = [];
});

describe('the delivery worker', () => {
  it('sends a notice once, in the reader language, as DELIVERED (accepted by the receiving server) with one attempt', async () => {
    const applicationId = await submitted(AIGUL, 'KG-2026-000501');
    await subgraph.drain();
    await waitUntil(async () => (await emailDeliveryOf(applicationId))?.status === 'DELIVERED', 'the email');
    await subgraph.drain();
    expect(peer.received).toHaveLength(1);
    const [mail] = peer.received;
    expect(mail.to).toEqual(['aigul@example.kg']);
    expect(mail.subject).toBe('Заявление № KG-2026-000501 получено');
    expect(mail.text).toContain('«Справка об отсутствии судимости»');
    expect(mail.html).toContain(`https://portal.example.kg/cabinet/applications/${applicationId}`);
    expect(mail.listUnsubscribe).toBe('<https://portal.example.kg/cabinet/settings/notifications>');
    const delivery = await emailDeliveryOf(applicationId);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 1, last_error: null, lease_owner: null });
    expect(mail.messageId).toBe(`<${delivery.notification_id}.email@portal.example.kg>`);
  });

  it('does not hold email back while the SMS centre cannot be reached, and keeps the SMS waiting', async () => {
    const applicationId = await submitted(BAKYT, 'KG-2026-000502');
    await subgraph.drain();
    await waitUntil(async () => (await emailDeliveryOf(applicationId))?.status === 'DELIVERED', 'the email');
    expect(peer.received.map((m) => m.subject)).toEqual(['№ KG-2026-000502 өтүнмө алынды']);
    const sms = async () =>
      (
        await sql<{ status: string; last_error: string | null }>(
          `select d.status, d.last_error from notifications.delivery d join notifications.notification n on n.id = d.notification_id where n.application_id = ? and d.channel = 'SMS'`,
          [applicationId],
        )
      )[0];
    await waitUntil(async () => (await sms())?.last_error !== null, 'the SMS attempt');
    expect(await sms()).toEqual({ status: 'QUEUED', last_error: expect.stringMatching(/SMS centre/) });
  });

  it('fails a refused recipient at once, with the server answer', async () => {
    peer.mode = 'refuse';
    const applicationId = await submitted(AIGUL, 'KG-2026-000503');
    await subgraph.drain();
    await waitUntil(async () => (await emailDeliveryOf(applicationId))?.status === 'FAILED', 'the refusal');
    const delivery = await emailDeliveryOf(applicationId);
    expect(delivery.attempts).toBe(1);
    expect(delivery.last_error).toMatch(/^The mail server refused the message for good \(550 No such user: aigul@example.kg\)/);
    expect(peer.received).toHaveLength(0);
  });

  it('retries while the server is down and sends once when it is back', async () => {
    peer.mode = 'down';
    const applicationId = await submitted(AIGUL, 'KG-2026-000504');
    await subgraph.drain();
    await waitUntil(async () => ((await emailDeliveryOf(applicationId))?.attempts ?? 0) >= 2, 'two attempts');
    const waiting = await emailDeliveryOf(applicationId);
    expect(waiting.status).toBe('QUEUED');
    expect(waiting.last_error).toMatch(/421|Service not available/);
    peer.mode = 'accept';
    await waitUntil(async () => (await emailDeliveryOf(applicationId))?.status === 'DELIVERED', 'the email after the outage');
    await new Promise((resolve) => setTimeout(resolve, 400)); // a few more polls: nothing more is sent
    expect(peer.received.filter((m) => m.subject.includes('KG-2026-000504'))).toHaveLength(1);
  });

  it('gives up after the configured attempts, saying why', async () => {
    peer.mode = 'down';
    const applicationId = await submitted(AIGUL, 'KG-2026-000505', quiet);
    await quiet.drain();
    const worker = replicaWorker(); // three attempts at most
    try {
      await waitUntil(async () => (await emailDeliveryOf(applicationId, quiet))?.status === 'FAILED', 'giving up');
    } finally {
      await worker.stop();
    }
    const delivery = await emailDeliveryOf(applicationId, quiet);
    expect(delivery.attempts).toBe(3);
    expect(delivery.last_error).toMatch(/^Gave up after 3 attempts: The mail server deferred the message \(421 /);
    expect(peer.received).toHaveLength(0);
  });

  it('never sends a claimed attempt twice: a crash mid-send waits for the lease, then counts as the next attempt', async () => {
    const applicationId = await submitted(AIGUL, 'KG-2026-000506', quiet);
    await quiet.drain();
    // a replica claims the attempt (committed with its lease), then dies before sending
    const crashed = `crashed-replica-${randomUUID()}`;
    const { claimed } = await claimDeliveries(quiet.orm.em, { channel: 'EMAIL', owner: crashed, leaseMs: 1000, limit: 50, ratePerSecond: 1000 });
    const notificationId = (await emailDeliveryOf(applicationId, quiet)).notification_id;
    expect(claimed.map((c) => [c.notificationId, c.attempt])).toEqual([[notificationId, 1]]);
    const worker = replicaWorker();
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      // while the lease holds, the live worker leaves it alone
      expect(await emailDeliveryOf(applicationId, quiet)).toMatchObject({ status: 'QUEUED', attempts: 1, lease_owner: crashed });
      expect(peer.received).toHaveLength(0);
      await waitUntil(async () => (await emailDeliveryOf(applicationId, quiet)).status === 'DELIVERED', 'the retry after the lease');
    } finally {
      await worker.stop();
    }
    expect(await emailDeliveryOf(applicationId, quiet)).toMatchObject({ status: 'DELIVERED', attempts: 2, lease_owner: null });
    expect(peer.received.map((m) => m.subject)).toEqual(['Заявление № KG-2026-000506 получено']);
    // the crashed replica's late answer is fenced off: it changes nothing
    const late = await recordAttempt(quiet.orm.em, { notificationId, channel: 'EMAIL', attempt: 1 }, crashed, { status: 'FAILED', lastError: 'late', nextAttemptAt: null, providerMessageId: null });
    expect(late).toBe(false);
    expect((await emailDeliveryOf(applicationId, quiet)).status).toBe('DELIVERED');
  });

  it('creates no second delivery and sends nothing more when the event is replayed without its inbox', async () => {
    const applicationId = await submitted(AIGUL, 'KG-2026-000507');
    await waitUntil(async () => (await emailDeliveryOf(applicationId))?.status === 'DELIVERED', 'the email');
    const [event] = await sql<{ event_id: string; payload: EventPayloads['ApplicationStatusChanged'] }>(
      `select event_id, payload from event_bus.event_log where type = 'ApplicationStatusChanged' and aggregate_id = ?`,
      [applicationId],
    );
    await sql(`delete from notifications.inbox where event_id = ?`, [event.event_id]);
    // the same fact again under a new event id, as a producer re-emitting its change would
    await publishTestEvent(subgraph.databaseUrl, 'ApplicationStatusChanged', { type: 'Application', id: applicationId, version: 2 }, event.payload);
    await subgraph.drain();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await subgraph.drain();
    const [{ deliveries }] = await sql<{ deliveries: number }>(
      `select count(*)::int as deliveries from notifications.delivery d join notifications.notification n on n.id = d.notification_id where n.application_id = ? and d.channel = 'EMAIL'`,
      [applicationId],
    );
    expect(deliveries).toBe(1);
    expect(peer.received.filter((m) => m.subject.includes('KG-2026-000507'))).toHaveLength(1);
  });

  it('shares the work between replicas without sending anything twice', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) ids.push(await submitted(AIGUL, `KG-2026-0006${String(i).padStart(2, '0')}`, quiet));
    await quiet.drain();
    const workers = [replicaWorker(), replicaWorker()];
    try {
      await waitUntil(async () => (await Promise.all(ids.map((id) => emailDeliveryOf(id, quiet)))).every((d) => d.status === 'DELIVERED'), 'every email');
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    expect((await Promise.all(ids.map((id) => emailDeliveryOf(id, quiet)))).map((d) => d.attempts)).toEqual(ids.map(() => 1));
    expect(peer.received).toHaveLength(12);
    expect(new Set(peer.received.map((m) => m.subject)).size).toBe(12);
  });

  it('keeps to the channel rate limit across claimers', async () => {
    await submitted(AIGUL, 'KG-2026-000701', quiet);
    await quiet.drain();
    await sql(`update notifications.delivery set last_attempt_at = now() where channel = 'EMAIL' and notification_id in (select notification_id from notifications.delivery where channel = 'EMAIL' limit 3)`, [], quiet);
    const { claimed, rateLimited } = await claimDeliveries(quiet.orm.em, { channel: 'EMAIL', owner: 'rate-test', leaseMs: 1000, limit: 10, ratePerSecond: 3 });
    expect(claimed).toEqual([]);
    expect(rateLimited).toBe(true);
  });

  it("applies a channel's receipt to the message it accepted, once", async () => {
    const applicationId = await submitted(AIGUL, 'KG-2026-000801', quiet);
    await quiet.drain();
    const { claimed } = await claimDeliveries(quiet.orm.em, { channel: 'EMAIL', owner: 'receipt-test', leaseMs: 5000, limit: 50, ratePerSecond: 1000 });
    const notificationId = (await emailDeliveryOf(applicationId, quiet)).notification_id;
    const mine = claimed.find((c) => c.notificationId === notificationId)!;
    expect(mine.attempt).toBe(1);
    expect(await recordAttempt(quiet.orm.em, mine, 'receipt-test', { status: 'SENT', lastError: null, nextAttemptAt: null, providerMessageId: 'msg-801' })).toBe(true);
    expect(await recordDeliveryReceipt(quiet.orm.em, { channel: 'SMS', providerMessageId: 'msg-801', delivered: true })).toBe(false);
    expect(await recordDeliveryReceipt(quiet.orm.em, { channel: 'EMAIL', providerMessageId: 'msg-801', delivered: true })).toBe(true);
    expect(await recordDeliveryReceipt(quiet.orm.em, { channel: 'EMAIL', providerMessageId: 'msg-801', delivered: false, reason: 'expired' })).toBe(false);
    const [row] = await sql<{ status: string; delivered_at: Date | null; last_error: string | null }>(
      `select status, delivered_at, last_error from notifications.delivery where notification_id = ? and channel = 'EMAIL'`,
      [mine.notificationId],
      quiet,
    );
    expect(row).toMatchObject({ status: 'DELIVERED', last_error: null });
    expect(row.delivered_at).not.toBeNull();
  });

  it('reports queued deliveries and the oldest one in the metrics', async () => {
    const text = await (await fetch(`${subgraph.url}/metrics`)).text();
    expect(text).toMatch(/notification_deliveries_queued\{channel="SMS",service="subgraph-notifications"\} [1-9]/);
    expect(text).toMatch(/notification_delivery_oldest_queued_age_seconds\{channel="SMS",service="subgraph-notifications"\} \d/);
    expect(text).toMatch(/notification_deliveries_sent_total\{channel="EMAIL",service="subgraph-notifications"\} [1-9]/);
    expect(text).toMatch(/notification_deliveries_failed_total\{channel="EMAIL",service="subgraph-notifications"\} [1-9]/);
    expect(text).toMatch(/notification_deliveries_queued\{channel="TELEGRAM",service="subgraph-notifications"\} 0/);
  });
});
