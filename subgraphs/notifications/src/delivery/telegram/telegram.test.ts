import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEMO_USERS, publishTestEvent, startTestSubgraph, type TestSubgraph, waitUntil, testUserProfile } from '@portal/kit';
import { loadNotificationsConfig } from '../../config';
import { createNotificationsSubgraph } from '../../subgraph';
import { telegramWebhookRoute } from './telegram.webhook';

const AIGUL = DEMO_USERS.CITIZEN_AIGUL;
const BAKYT = DEMO_USERS.CITIZEN_BAKYT;
type Caller = { userId: string; roles: Array<'CITIZEN'> };
const aigul: Caller = { userId: AIGUL, roles: ['CITIZEN'] };
const bakyt: Caller = { userId: BAKYT, roles: ['CITIZEN'] };
const TOKEN = '123456:test-secret-token_XYZ';
const SERVICE_TITLE = { ky: 'Соттолбогондугу жөнүндө маалымкат', ru: 'Справка об отсутствии судимости' };

interface Sent {
  chat_id: string;
  text: string;
}

/** A Bot API the test controls: queues updates for getUpdates, records sendMessage, answers 429/403/500 when told. */
class BotApiPeer {
  sent: Sent[] = [];
  updates: Array<{ update_id: number; message: { text: string; chat: { id: number; type: string }; from: { first_name: string } } }> = [];
  /** Answers of the next sendMessage calls (notices only; replies to /start always succeed). */
  failures: Array<'429' | '403' | '500'> = [];
  /** When each notice's sendMessage arrived (failed ones included), in milliseconds. */
  noticeAttemptsAt: number[] = [];
  wrongToken = 0;
  private nextUpdateId = 1;
  private server: Server = createServer((request, response) => void this.handle(request).then(([status, body]) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))));
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  pressStart(chatId: number, text: string): void {
    this.updates.push({ update_id: this.nextUpdateId++, message: { text, chat: { id: chatId, type: 'private' }, from: { first_name: 'Test' } } });
  }

  private async handle(request: IncomingMessage): Promise<[number, unknown]> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
    if (!match || match[1] !== TOKEN) {
      this.wrongToken++;
      return [401, { ok: false, error_code: 401, description: 'Unauthorized' }];
    }
    if (match[2] === 'getUpdates') {
      const offset = Number(body.offset ?? 0);
      this.updates = this.updates.filter((u) => u.update_id >= offset);
      return [200, { ok: true, result: this.updates }];
    }
    if (match[2] === 'sendMessage') {
      const text = String(body.text);
      const isNotice = !/^(Telegram|Эта ссылка|Бул шилтеме)/.test(text);
      if (isNotice) this.noticeAttemptsAt.push(Date.now());
      const failure = isNotice ? this.failures.shift() : undefined;
      if (failure === '429') return [429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }];
      if (failure === '403') return [403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }];
      if (failure === '500') return [500, { ok: false, error_code: 500, description: 'Internal Server Error' }];
      this.sent.push({ chat_id: String(body.chat_id), text });
      return [200, { ok: true, result: { message_id: this.sent.length, chat: { id: Number(body.chat_id) }, text } }];
    }
    return [404, { ok: false, error_code: 404, description: 'Not Found' }];
  }
}

const profile = testUserProfile;

const START = `mutation { startTelegramLink { url expiresAt } }`;
const UNLINK = `mutation { unlinkTelegram { channels telegramLinked telegramChatId } }`;
const PREFERENCES = `query P($id: ID!) { _entities(representations: [{ __typename: "User", id: $id }]) { ... on User { notificationPreferences { channels telegramLinked telegramChatId } } } }`;
const CHOOSE = `mutation C($input: NotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { channels telegramLinked } }`;

let peer: BotApiPeer;
let subgraph: TestSubgraph;
let unconfigured: TestSubgraph;

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return subgraph.orm.em.fork().execute<T[]>(query, params);
}


async function linkCode(caller: Caller): Promise<string> {
  const result = await subgraph.request<{ startTelegramLink: { url: string; expiresAt: string } }>(START, {}, caller);
  expect(result.errors).toBeUndefined();
  const url = new URL(result.data!.startTelegramLink.url);
  expect(`${url.origin}${url.pathname}`).toBe('https://t.me/KgPortalTestBot');
  return url.searchParams.get('start')!;
}

async function preferences(caller: Caller) {
  const result = await subgraph.request<{ _entities: Array<{ notificationPreferences: { channels: string[]; telegramLinked: boolean; telegramChatId: string | null } }> }>(PREFERENCES, { id: caller.userId }, caller);
  expect(result.errors).toBeUndefined();
  return result.data!._entities[0].notificationPreferences;
}

async function submitted(userId: string, number: string): Promise<string> {
  const applicationId = randomUUID();
  await publishTestEvent(subgraph.databaseUrl, 'ApplicationStatusChanged', { type: 'Application', id: applicationId, version: 2 }, {
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
  });
  return applicationId;
}

async function telegramDeliveryOf(applicationId: string) {
  const [row] = await sql<{ status: string; attempts: number; last_error: string | null; last_attempt_at: Date | null; next_attempt_at: Date | null }>(
    `select d.status, d.attempts, d.last_error, d.last_attempt_at, d.next_attempt_at
       from notifications.delivery d join notifications.notification n on n.id = d.notification_id
      where n.application_id = ? and d.channel = 'TELEGRAM'`,
    [applicationId],
  );
  return row;
}

beforeAll(async () => {
  peer = new BotApiPeer();
  await peer.start();
  const config = loadNotificationsConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://set-by-the-test-subgraph',
    PORTAL_WEB_URL: 'https://portal.example.kg/',
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_BOT_USERNAME: '@KgPortalTestBot',
    TELEGRAM_API_URL: `http://127.0.0.1:${peer.port}`,
    TELEGRAM_POLL_TIMEOUT_SECONDS: '0',
    TELEGRAM_TIMEOUT_MS: '2000',
    DELIVERY_RETRY_INITIAL_DELAY_MS: '100',
    DELIVERY_RETRY_MAX_DELAY_MS: '200',
    DELIVERY_POLL_MS: '50',
    DELIVERY_LEASE_SECONDS: '10',
    SMTP_TIMEOUT_MS: '2000',
  });
  subgraph = await startTestSubgraph(createNotificationsSubgraph(config), { onQuery: () => undefined });
  unconfigured = await startTestSubgraph(createNotificationsSubgraph(), { onQuery: () => undefined });
  await publishTestEvent(subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: AIGUL, version: 1 }, profile(AIGUL, { preferredLanguage: 'RU' }));
  await publishTestEvent(subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: BAKYT, version: 1 }, profile(BAKYT, { preferredLanguage: 'KY' }));
  await subgraph.drain();
});

afterAll(async () => {
  await subgraph?.close();
  await unconfigured?.close();
  await peer?.close();
});

describe('who may link Telegram', () => {
  it.each([START, UNLINK])('asks anonymous callers to sign in: %s', async (mutation) => {
    const result = await subgraph.request(mutation, {});
    expect(result.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data).toBeNull();
  });

  it('refuses a typed-in chat id, saying to link through startTelegramLink', async () => {
    const result = await subgraph.request(CHOOSE, { input: { channels: ['CABINET', 'TELEGRAM'], telegramChatId: '123456789' } }, aigul);
    expect(result.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0].extensions?.field).toBe('telegramChatId');
    expect(result.errors![0].message).toBe('telegramChatId cannot be set here: link your Telegram chat with startTelegramLink (open the link it returns and press Start in Telegram).');
    expect(await preferences(aigul)).toEqual({ channels: ['CABINET'], telegramLinked: false, telegramChatId: null });
  });

  it('refuses TELEGRAM before a chat is linked', async () => {
    const result = await subgraph.request(CHOOSE, { input: { channels: ['CABINET', 'TELEGRAM'] } }, aigul);
    expect(result.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0].message).toBe('TELEGRAM needs a linked Telegram chat: link one with startTelegramLink first, or leave TELEGRAM out.');
  });

  it('says so when the portal has no bot', async () => {
    const result = await unconfigured.request(START, {}, aigul);
    expect(result.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0].message).toBe('Telegram is not available on this portal: no Telegram bot is configured.');
  });
});

describe('linking by the deep link', () => {
  it('links the chat that pressed Start to the user who asked, once, and answers in her language', async () => {
    const code = await linkCode(aigul);
    const [stored] = await sql<{ code_hash: string; expires_at: Date }>(`select code_hash, expires_at from notifications.telegram_link_code where user_id = ? and used_at is null`, [AIGUL]);
    expect(stored.code_hash).not.toContain(code);
    expect(new Date(stored.expires_at).getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    peer.sent = [];
    peer.pressStart(5001, `/start ${code}`);
    await subgraph.drain();
    expect(peer.sent).toEqual([{ chat_id: '5001', text: expect.stringMatching(/^Telegram подключён/) }]);
    expect(await preferences(aigul)).toEqual({ channels: ['CABINET'], telegramLinked: true, telegramChatId: '5001' });

    // the same update again (a retried webhook): confirmed again, nothing else happens
    peer.sent = [];
    peer.pressStart(5001, `/start ${code}`);
    await subgraph.drain();
    expect(peer.sent).toEqual([{ chat_id: '5001', text: expect.stringMatching(/^Telegram подключён/) }]);

    // replay: the same code from another chat links nothing
    peer.sent = [];
    peer.pressStart(6666, `/start ${code}`);
    await subgraph.drain();
    expect(peer.sent).toEqual([{ chat_id: '6666', text: expect.stringMatching(/^Эта ссылка недействительна/) }]);
    expect(await preferences(aigul)).toMatchObject({ telegramChatId: '5001' });
    expect(await sql(`select 1 from notifications.notification_preference where telegram_chat_id = '6666'`)).toEqual([]);
  });

  it('refuses an expired code and a code replaced by a newer one', async () => {
    const old = await linkCode(bakyt);
    const expired = await linkCode(bakyt); // the first one stops working
    await sql(`update notifications.telegram_link_code set expires_at = now() - interval '1 second' where user_id = ? and used_at is null`, [BAKYT]);
    peer.sent = [];
    peer.pressStart(7001, `/start ${old}`);
    peer.pressStart(7002, `/start ${expired}`);
    await subgraph.drain();
    expect(peer.sent.map((m) => m.chat_id)).toEqual(['7001', '7002']);
    for (const m of peer.sent) expect(m.text).toMatch(/^Бул шилтеме жараксыз/);
    expect(await preferences(bakyt)).toMatchObject({ telegramLinked: false, telegramChatId: null });
  });

  it("links another user's code to that user only, never to the caller", async () => {
    const code = await linkCode(bakyt);
    peer.pressStart(7003, `/start ${code}`);
    await subgraph.drain();
    expect(await preferences(bakyt)).toMatchObject({ telegramLinked: true, telegramChatId: '7003' });
    expect(await preferences(aigul)).toMatchObject({ telegramChatId: '5001' });
    // and neither can read or unlink the other's
    const other = await subgraph.request(PREFERENCES, { id: BAKYT }, aigul);
    expect(other.errors![0].extensions?.code).toBe('FORBIDDEN');
  });

  it('takes updates through the webhook only with the secret token', async () => {
    const route = telegramWebhookRoute(subgraph.orm, { apiUrl: `http://127.0.0.1:${peer.port}`, token: TOKEN, timeoutMs: 2000 }, 'webhook-secret-0123456789');
    const code = await linkCode(bakyt);
    const body = Buffer.from(JSON.stringify({ update_id: 900, message: { text: `/start ${code}`, chat: { id: 7004, type: 'private' } } }));
    const request = (secret?: string) => ({ method: 'POST', path: '/telegram/webhook', query: new URLSearchParams(), params: {}, body, headers: secret ? { 'x-telegram-bot-api-secret-token': secret } : {} });
    expect((await route.handle(request())).status).toBe(401);
    expect((await route.handle(request('webhook-secret-wrong-value'))).status).toBe(401);
    expect(await preferences(bakyt)).toMatchObject({ telegramChatId: '7003' });
    expect((await route.handle(request('webhook-secret-0123456789'))).status).toBe(200);
    expect(await preferences(bakyt)).toMatchObject({ telegramChatId: '7004' });
  });

  it('unlinks the caller only', async () => {
    const result = await subgraph.request(UNLINK, {}, bakyt);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ unlinkTelegram: { channels: ['CABINET'], telegramLinked: false, telegramChatId: null } });
    expect(await preferences(aigul)).toMatchObject({ telegramLinked: true, telegramChatId: '5001' });
  });
});

describe('notices by Telegram', () => {
  beforeAll(async () => {
    const chosen = await subgraph.request(CHOOSE, { input: { channels: ['CABINET', 'TELEGRAM'] } }, aigul);
    expect(chosen.errors).toBeUndefined();
    expect(chosen.data).toEqual({ updateNotificationPreferences: { channels: ['CABINET', 'TELEGRAM'], telegramLinked: true } });
  });

  beforeEach(() => {
    peer.sent = [];
    peer.failures = [];
  });

  it('sends the notice once to the linked chat, in her language, with the application number', async () => {
    const applicationId = await submitted(AIGUL, 'KG-2026-000701');
    await subgraph.drain();
    await waitUntil(async () => (await telegramDeliveryOf(applicationId))?.status === 'DELIVERED', 'the message');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(peer.sent).toHaveLength(1);
    expect(peer.sent[0].chat_id).toBe('5001');
    expect(peer.sent[0].text).toContain('KG-2026-000701');
    expect(peer.sent[0].text).toContain('«Справка об отсутствии судимости»');
    expect(peer.sent[0].text).toContain(`Открыть в личном кабинете: https://portal.example.kg/cabinet/applications/${applicationId}`);
    expect(await telegramDeliveryOf(applicationId)).toMatchObject({ status: 'DELIVERED', attempts: 1, last_error: null });
  });

  it('waits as long as a 429 says, then sends', async () => {
    peer.failures = ['429'];
    const before = peer.noticeAttemptsAt.length;
    const applicationId = await submitted(AIGUL, 'KG-2026-000702');
    await subgraph.drain();
    // watched at the peer, not through the short QUEUED window, which a loaded machine may miss
    await waitUntil(async () => (await telegramDeliveryOf(applicationId))?.status === 'DELIVERED', 'the retry after the 429');
    const [first, second] = peer.noticeAttemptsAt.slice(before);
    expect(second! - first!).toBeGreaterThanOrEqual(1000);
    expect(await telegramDeliveryOf(applicationId)).toMatchObject({ attempts: 2, last_error: null });
    expect(peer.sent).toHaveLength(1);
  });

  it('retries a 500', async () => {
    peer.failures = ['500'];
    const applicationId = await submitted(AIGUL, 'KG-2026-000703');
    await subgraph.drain();
    await waitUntil(async () => (await telegramDeliveryOf(applicationId))?.status === 'DELIVERED', 'the retry');
    expect(await telegramDeliveryOf(applicationId)).toMatchObject({ attempts: 2 });
    expect(peer.sent).toHaveLength(1);
  });

  it('fails a blocked bot at once and unlinks the chat, never writing the token anywhere', async () => {
    peer.failures = ['403'];
    const applicationId = await submitted(AIGUL, 'KG-2026-000704');
    await subgraph.drain();
    await waitUntil(async () => (await telegramDeliveryOf(applicationId))?.status === 'FAILED', 'the failure');
    const failed = await telegramDeliveryOf(applicationId);
    expect(failed).toMatchObject({ attempts: 1, last_error: 'Telegram refused the chat (403): Forbidden: bot was blocked by the user. Link Telegram again with startTelegramLink.' });
    expect(await preferences(aigul)).toMatchObject({ telegramLinked: false, telegramChatId: null });
    const leaked = await sql(`select 1 from notifications.delivery where last_error like ?`, [`%${TOKEN.split(':')[1]}%`]);
    expect(leaked).toEqual([]);
    expect(peer.wrongToken).toBe(0);
    // the next notice cannot go to Telegram: FAILED at once, saying how to fix it
    const next = await submitted(AIGUL, 'KG-2026-000705');
    await subgraph.drain();
    expect(await telegramDeliveryOf(next)).toMatchObject({ status: 'FAILED', attempts: 0, last_error: 'No Telegram chat is linked: link one with startTelegramLink, or turn TELEGRAM off in the notification preferences.' });
  });
});
