import { randomUUID } from 'node:crypto';
import { captureLogs, DEMO_USERS, type EventPayloads, publishTestEvent, startTestSubgraph, type TestSubgraph, testUserProfile } from '@portal/kit';
import { createNotificationsSubgraph } from '../subgraph';
import { NOTICE_CONSUMER } from './notice.consumer';

const AIGUL = DEMO_USERS.CITIZEN_AIGUL;
const BAKYT = DEMO_USERS.CITIZEN_BAKYT;
// Aigul reads Russian, Bakyt Kyrgyz: the gateway puts the preferred language in the caller
const aigul = { userId: AIGUL, roles: ['CITIZEN' as const], preferredLanguage: 'RU' as const };
const bakyt = { userId: BAKYT, roles: ['CITIZEN' as const], preferredLanguage: 'KY' as const };

const SERVICE_TITLE = { ky: 'Соттолбогондугу жөнүндө маалымкат', ru: 'Справка об отсутствии судимости' };
const APPEAL = { ky: 'Чечимге 30 күндүн ичинде ИИМге даттансаңыз болот', ru: 'Решение можно обжаловать в МВД в течение 30 дней' };
const PAID = { id: randomUUID(), number: 'KG-2026-000101' };
const REJECTED = { id: randomUUID(), number: 'KG-2026-000102' };
const WITHDRAWN = { id: randomUUID(), number: 'KG-2026-000103' };
const REFUSED = { id: randomUUID(), number: 'KG-2026-000201' };
const ACCRUAL = randomUUID();

const NOTIFICATION = `
  query Notification($id: ID!, $lang: Language) {
    notification(id: $id) { id type title(lang: $lang) body(lang: $lang) readAt application { id } deliveries { channel status attempts lastError } }
  }`;
const LIST = `
  query List($id: ID!, $unreadOnly: Boolean) {
    _entities(representations: [{ __typename: "User", id: $id }]) {
      ... on User {
        notifications(first: 50, unreadOnly: $unreadOnly) {
          totalCount unreadCount
          edges { node { id type title body application { id } deliveries { channel status attempts lastError } } }
        }
      }
    }
  }`;
const MARK_READ = `mutation MarkRead($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`;

interface Node {
  id: string;
  type: string;
  title: string;
  body: string;
  application: { id: string } | null;
  deliveries: Array<{ channel: string; status: string; attempts: number; lastError: string | null }>;
}
interface ListResult {
  _entities: Array<{ notifications: { totalCount: number; unreadCount: number; edges: Array<{ node: Node }> } } | null>;
}

let subgraph: TestSubgraph;

function statusChange(
  application: { id: string; number: string },
  applicantId: string,
  from: string | null,
  to: string,
  at: string,
  extra: Partial<EventPayloads['ApplicationStatusChanged']> = {},
): EventPayloads['ApplicationStatusChanged'] {
  return {
    applicationId: application.id,
    number: application.number,
    applicantId,
    providerId: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0001',
    serviceId: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a9001',
    serviceVersion: 1,
    serviceTitle: SERVICE_TITLE,
    from,
    to,
    at,
    reason: null,
    appealProcedure: null,
    payment: null,
    dueAt: null,
    intakeDueAt: null,
    resultDocumentNumber: null,
    ...extra,
  };
}

const publishChange = (version: number, change: EventPayloads['ApplicationStatusChanged']) =>
  publishTestEvent(subgraph.databaseUrl, 'ApplicationStatusChanged', { type: 'Application', id: change.applicationId, version }, change);

const profile = testUserProfile;

async function listOf(caller: { userId: string; roles: Array<'CITIZEN'>; preferredLanguage: 'KY' | 'RU' }, unreadOnly = false) {
  const result = await subgraph.request<ListResult>(LIST, { id: caller.userId, unreadOnly }, caller);
  expect(result.errors).toBeUndefined();
  return result.data!._entities[0]!.notifications;
}

const byType = (nodes: Node[], applicationId: string) =>
  Object.fromEntries(nodes.filter((node) => node.application?.id === applicationId).map((node) => [node.type, node]));

async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  return subgraph.orm.em.fork().execute<T[]>(query, params);
}

const counts = async () => {
  const [row] = await sql<{ notifications: number; deliveries: number; outbox: number; published: number }>(
    `select (select count(*)::int from notifications.notification) as notifications,
            (select count(*)::int from notifications.delivery) as deliveries,
            (select count(*)::int from notifications.outbox) as outbox,
            (select count(*)::int from event_bus.event_log where type = 'NotificationCreated') as published`,
  );
  return row;
};

beforeAll(async () => {
  // onQuery also keeps the migrator quiet
  subgraph = await startTestSubgraph(createNotificationsSubgraph(), { onQuery: () => undefined });
  await publishTestEvent(subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: AIGUL, version: 1 }, profile(AIGUL, { email: 'aigul@example.kg', preferredLanguage: 'RU' }));
  await publishTestEvent(subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: BAKYT, version: 1 }, profile(BAKYT, {}));
  await subgraph.drain();
  // Aigul's chat as linking (startTelegramLink and /start in Telegram) records it
  await sql(`insert into notifications.notification_preference (user_id, channels, telegram_chat_id) values (?, '{CABINET}', '123456789')`, [AIGUL]);
  const chosen = await subgraph.request(
    `mutation { updateNotificationPreferences(input: { channels: [CABINET, EMAIL, TELEGRAM] }) { channels } }`,
    {},
    aigul,
  );
  expect(chosen.errors).toBeUndefined();

  // Aigul: a paid application all the way to approval
  await publishChange(2, statusChange(PAID, AIGUL, 'DRAFT', 'SUBMITTED', '2026-11-24T08:05:00Z', { intakeDueAt: '2026-11-25T12:00:00Z' }));
  await publishChange(
    3,
    statusChange(PAID, AIGUL, 'SUBMITTED', 'AWAITING_PAYMENT', '2026-11-24T10:00:00Z', {
      payment: { amountMinor: 25000, payerPin: '21505199000123', budgetCode: '14221100', purpose: { ky: 'Маалымкат үчүн', ru: 'За справку' } },
    }),
  );
  await publishTestEvent(subgraph.databaseUrl, 'AccrualCreated', { type: 'Accrual', id: ACCRUAL, version: 1 }, {
    accrualId: ACCRUAL,
    applicationId: PAID.id,
    payerId: AIGUL,
    uin: '01234567890123456789',
    amountMinor: 25000,
  });
  await publishTestEvent(subgraph.databaseUrl, 'PaymentConfirmed', { type: 'Accrual', id: ACCRUAL, version: 2 }, {
    accrualId: ACCRUAL,
    applicationId: PAID.id,
    payerId: AIGUL,
    amountMinor: 25000,
    receiptNumber: 'R-2026-000042',
    paidAt: '2026-11-24T11:30:00Z',
  });
  await publishChange(4, statusChange(PAID, AIGUL, 'AWAITING_PAYMENT', 'IN_REVIEW', '2026-11-24T11:31:00Z', { dueAt: '2026-11-27T12:00:00Z' }));
  await publishChange(5, statusChange(PAID, AIGUL, 'IN_REVIEW', 'APPROVED', '2026-11-26T09:00:00Z', { resultDocumentNumber: 'DOC-2026-000777' }));
  // Aigul: rejected at intake, and withdrawn
  await publishChange(2, statusChange(REJECTED, AIGUL, 'DRAFT', 'SUBMITTED', '2026-11-24T08:10:00Z', { intakeDueAt: '2026-11-25T12:00:00Z' }));
  await publishChange(3, statusChange(REJECTED, AIGUL, 'SUBMITTED', 'REJECTED', '2026-11-24T09:00:00Z', { reason: 'Скан паспорта нечитаем', appealProcedure: APPEAL }));
  await publishChange(2, statusChange(WITHDRAWN, AIGUL, 'DRAFT', 'SUBMITTED', '2026-11-24T08:20:00Z'));
  await publishChange(3, statusChange(WITHDRAWN, AIGUL, 'SUBMITTED', 'WITHDRAWN', '2026-11-24T08:40:00Z'));
  // Bakyt: a free application refused after review
  await publishChange(2, statusChange(REFUSED, BAKYT, 'DRAFT', 'SUBMITTED', '2026-11-24T08:30:00Z', { intakeDueAt: '2026-11-25T12:00:00Z' }));
  await publishChange(3, statusChange(REFUSED, BAKYT, 'SUBMITTED', 'IN_REVIEW', '2026-11-24T09:30:00Z', { dueAt: '2026-11-27T12:00:00Z' }));
  await publishChange(4, statusChange(REFUSED, BAKYT, 'IN_REVIEW', 'REFUSED', '2026-11-26T10:00:00Z', { reason: 'Маалымкат башка органдан берилет', appealProcedure: APPEAL }));
  await subgraph.drain();
});

afterAll(async () => {
  await subgraph?.close();
});

describe('who may read one notification', () => {
  it("refuses another user's notification", async () => {
    const [theirs] = (await listOf(bakyt)).edges;
    const result = await subgraph.request(NOTIFICATION, { id: theirs.node.id }, aigul);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect(result.errors![0].message).toBe('You can see only your own notifications.');
    expect(result.data).toEqual({ notification: null });
  });

  it('asks anonymous callers to sign in', async () => {
    const [mine] = (await listOf(bakyt)).edges;
    const result = await subgraph.request(NOTIFICATION, { id: mine.node.id });
    expect(result.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.data).toEqual({ notification: null });
  });

  it('answers null for a notification that does not exist', async () => {
    for (const id of [randomUUID(), 'not-a-notification-id']) {
      const result = await subgraph.request(NOTIFICATION, { id }, aigul);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ notification: null });
    }
  });

  it('serves notificationAdded only through the gateway', async () => {
    const result = await subgraph.request('subscription { notificationAdded { id } }', {}, aigul);
    expect(result.errors![0].message).toBe(
      'Subscriptions are served by the gateway over WebSocket (graphql-ws on its /graphql path); subscribe there, not to a subgraph.',
    );
  });
});

describe('notices from application, accrual and payment events', () => {
  it('gives the paid application one notice per step, in Russian for Aigul, with the facts', async () => {
    const paid = byType((await listOf(aigul)).edges.map((edge) => edge.node), PAID.id);
    expect(Object.keys(paid).sort()).toEqual(
      ['APPLICATION_ACCEPTED', 'APPLICATION_APPROVED', 'APPLICATION_REVIEW_STARTED', 'APPLICATION_SUBMITTED', 'PAYMENT_CONFIRMED', 'PAYMENT_REQUIRED'].sort(),
    );
    expect(paid.APPLICATION_SUBMITTED.title).toBe('Заявление № KG-2026-000101 получено');
    expect(paid.APPLICATION_SUBMITTED.body).toContain('«Справка об отсутствии судимости»');
    expect(paid.APPLICATION_SUBMITTED.body).toContain('Дата подачи: 24.11.2026 14:05.');
    expect(paid.APPLICATION_SUBMITTED.body).toContain('Срок ответа: до 25.11.2026 18:00.');
    expect(paid.APPLICATION_ACCEPTED.title).toBe('Заявление № KG-2026-000101 зарегистрировано');
    expect(paid.APPLICATION_ACCEPTED.body).toContain('Услуга платная: рассмотрение начнётся после подтверждения оплаты.');
    expect(paid.PAYMENT_REQUIRED.title).toBe('Оплатите услугу по заявлению № KG-2026-000101');
    expect(paid.PAYMENT_REQUIRED.body).toContain('оплатите 250,00 сом');
    expect(paid.PAYMENT_REQUIRED.body).toContain('(УИН): 01234567890123456789.');
    expect(paid.PAYMENT_CONFIRMED.body).toContain('Дата оплаты: 24.11.2026 17:30.');
    expect(paid.PAYMENT_CONFIRMED.body).toContain('Номер квитанции: R-2026-000042');
    expect(paid.APPLICATION_REVIEW_STARTED.body).toContain('Ожидаемый срок предоставления услуги: 27.11.2026 18:00.');
    expect(paid.APPLICATION_APPROVED.title).toBe('Результат по заявлению № KG-2026-000101 готов');
    expect(paid.APPLICATION_APPROVED.body).toContain('электронный документ № DOC-2026-000777');
  });

  it('gives a rejection at intake its reason and appeal procedure, and confirms a withdrawal', async () => {
    const nodes = (await listOf(aigul)).edges.map((edge) => edge.node);
    const rejected = byType(nodes, REJECTED.id);
    expect(Object.keys(rejected).sort()).toEqual(['APPLICATION_REJECTED', 'APPLICATION_SUBMITTED']);
    expect(rejected.APPLICATION_REJECTED.title).toBe('Отказ в приёме заявления № KG-2026-000102');
    expect(rejected.APPLICATION_REJECTED.body).toContain('Причина: Скан паспорта нечитаем.');
    expect(rejected.APPLICATION_REJECTED.body).toContain(`Порядок обжалования: ${APPEAL.ru}.`);
    const withdrawn = byType(nodes, WITHDRAWN.id);
    expect(Object.keys(withdrawn).sort()).toEqual(['APPLICATION_SUBMITTED', 'APPLICATION_WITHDRAWN']);
    expect(withdrawn.APPLICATION_WITHDRAWN.body).toContain('Дата отзыва: 24.11.2026 14:40.');
  });

  it('writes to Bakyt in Kyrgyz: accepted with the completion date, then refused with reason and appeal', async () => {
    const refused = byType((await listOf(bakyt)).edges.map((edge) => edge.node), REFUSED.id);
    expect(Object.keys(refused).sort()).toEqual(['APPLICATION_ACCEPTED', 'APPLICATION_REFUSED', 'APPLICATION_SUBMITTED']);
    expect(refused.APPLICATION_ACCEPTED.title).toBe('№ KG-2026-000201 өтүнмө катталды');
    expect(refused.APPLICATION_ACCEPTED.body).toContain('«Соттолбогондугу жөнүндө маалымкат»');
    expect(refused.APPLICATION_ACCEPTED.body).toContain('Кызмат көрсөтүүнүн болжолдуу аяктоо мөөнөтү: 27.11.2026 18:00.');
    expect(refused.APPLICATION_REFUSED.title).toBe('№ KG-2026-000201 өтүнмө боюнча кызмат көрсөтүүдөн баш тартылды');
    expect(refused.APPLICATION_REFUSED.body).toContain('Себеби: Маалымкат башка органдан берилет.');
    expect(refused.APPLICATION_REFUSED.body).toContain(`Даттануу тартиби: ${APPEAL.ky}.`);
  });

  it('records the cabinet delivery, and queues the channels the user chose without sending', async () => {
    for (const { node } of (await listOf(aigul)).edges) {
      expect(node.deliveries).toEqual([
        { channel: 'CABINET', status: 'DELIVERED', attempts: 1, lastError: null },
        { channel: 'EMAIL', status: 'QUEUED', attempts: 0, lastError: null },
        { channel: 'TELEGRAM', status: 'QUEUED', attempts: 0, lastError: null },
      ]);
    }
    for (const { node } of (await listOf(bakyt)).edges) {
      expect(node.deliveries).toEqual([{ channel: 'CABINET', status: 'DELIVERED', attempts: 1, lastError: null }]);
    }
  });

  it('publishes NotificationCreated for each notice, keyed by the notification', async () => {
    const nodes = [...(await listOf(aigul)).edges, ...(await listOf(bakyt)).edges].map((edge) => edge.node);
    expect(nodes).toHaveLength(13);
    const events = await sql<{ aggregate_type: string; aggregate_id: string; aggregate_version: number; payload: EventPayloads['NotificationCreated'] }>(
      `select aggregate_type, aggregate_id, aggregate_version, payload from event_bus.event_log where type = 'NotificationCreated' and source = 'notifications'`,
    );
    expect(events).toHaveLength(13);
    const byId = new Map(events.map((event) => [event.aggregate_id, event]));
    for (const node of nodes) {
      const event = byId.get(node.id)!;
      expect(event).toMatchObject({ aggregate_type: 'Notification', aggregate_version: 1 });
      expect(event.payload).toEqual({
        notificationId: node.id,
        userId: event.payload.userId === AIGUL ? AIGUL : BAKYT,
        applicationId: node.application!.id,
        type: node.type,
      });
    }
    expect(events.filter((event) => event.payload.userId === BAKYT)).toHaveLength(3);
  });

  it('answers notification(id) for its owner exactly as the gateway asks, in the language asked', async () => {
    const [{ node }] = (await listOf(bakyt)).edges.filter((edge) => edge.node.type === 'APPLICATION_REFUSED');
    const result = await subgraph.request(NOTIFICATION, { id: node.id }, bakyt);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ notification: { ...node, readAt: null } });

    const russian = await subgraph.request<{ notification: Node }>(NOTIFICATION, { id: node.id, lang: 'RU' }, bakyt);
    expect(russian.data!.notification.title).toBe('Отказ в предоставлении услуги по заявлению № KG-2026-000201');
  });

  it('names no one when the accrual is for an application it never heard of', async () => {
    const logs = captureLogs();
    try {
      const before = await counts();
      const accrualId = randomUUID();
      await publishTestEvent(subgraph.databaseUrl, 'AccrualCreated', { type: 'Accrual', id: accrualId, version: 1 }, {
        accrualId,
        applicationId: randomUUID(),
        payerId: AIGUL,
        uin: '99999999999999999999',
        amountMinor: 100,
      });
      await subgraph.drain();
      expect(await counts()).toEqual(before);
      expect(logs.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringContaining('no notice: the application is unknown to notifications') }));
    } finally {
      logs.stop();
    }
  });
});

describe('replays notify no one twice', () => {
  it('skips events the inbox has seen when the cursor goes back', async () => {
    const before = await counts();
    await sql(`update notifications.consumer_cursor set last_seq = 0 where consumer = ?`, [NOTICE_CONSUMER]);
    await subgraph.drain();
    expect(await counts()).toEqual(before);
  });

  it('creates nothing when the same event ids come again with the inbox lost', async () => {
    const before = await counts();
    await sql(`delete from notifications.inbox where consumer = ?`, [NOTICE_CONSUMER]);
    await sql(`update notifications.consumer_cursor set last_seq = 0 where consumer = ?`, [NOTICE_CONSUMER]);
    const quiet = captureLogs(); // the unknown accrual's warning, again
    await subgraph.drain();
    quiet.stop();
    // every event went through the handler again
    const [{ reprocessed, consumed }] = await sql<{ reprocessed: number; consumed: number }>(
      `select (select count(*)::int from notifications.inbox where consumer = ?) as reprocessed,
              (select count(*)::int from event_bus.event_log where type in ('ApplicationStatusChanged', 'AccrualCreated', 'PaymentConfirmed')) as consumed`,
      [NOTICE_CONSUMER],
    );
    expect(reprocessed).toBe(consumed);
    expect(reprocessed).toBe(14);
    expect(await counts()).toEqual(before);
  });

  it('creates nothing when a producer re-emits the same change under a new event id', async () => {
    const before = await counts();
    await publishChange(5, statusChange(PAID, AIGUL, 'IN_REVIEW', 'APPROVED', '2026-11-26T09:00:00Z', { resultDocumentNumber: 'DOC-2026-000777' }));
    await publishTestEvent(subgraph.databaseUrl, 'AccrualCreated', { type: 'Accrual', id: ACCRUAL, version: 1 }, {
      accrualId: ACCRUAL,
      applicationId: PAID.id,
      payerId: AIGUL,
      uin: '01234567890123456789',
      amountMinor: 25000,
    });
    await subgraph.drain();
    expect(await counts()).toEqual(before);
  });
});

describe('reading notices', () => {
  it('lowers the unread count as notices are marked read', async () => {
    const list = await listOf(aigul);
    expect(list).toMatchObject({ totalCount: 10, unreadCount: 10 });
    const ids = list.edges.slice(0, 4).map((edge) => edge.node.id);
    const marked = await subgraph.request(MARK_READ, { ids }, aigul);
    expect(marked.data).toEqual({ markNotificationsRead: 4 });
    expect(await listOf(aigul)).toMatchObject({ totalCount: 10, unreadCount: 6 });
    expect((await listOf(aigul, true)).edges.map((edge) => edge.node.id)).not.toEqual(expect.arrayContaining([ids[0]]));
    // Bakyt's are untouched
    expect(await listOf(bakyt)).toMatchObject({ totalCount: 3, unreadCount: 3 });
  });
});

describe('overdue notices', () => {
  // a citizen of her own, so the counts above stay as they are
  const NURIA = randomUUID();
  const nuria = { userId: NURIA, roles: ['CITIZEN' as const], preferredLanguage: 'KY' as const };
  const LATE = { id: randomUUID(), number: 'KG-2026-000301' };

  const overdue = (deadline: 'INTAKE' | 'DECISION', dueAt: string): EventPayloads['ApplicationOverdue'] => ({
    applicationId: LATE.id,
    number: LATE.number,
    applicantId: NURIA,
    providerId: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0001',
    serviceTitle: SERVICE_TITLE,
    deadline,
    dueAt,
    status: deadline === 'INTAKE' ? 'SUBMITTED' : 'IN_REVIEW',
    detectedAt: new Date().toISOString(),
  });
  const publishOverdue = (version: number, fact: EventPayloads['ApplicationOverdue']) =>
    publishTestEvent(subgraph.databaseUrl, 'ApplicationOverdue', { type: 'Application', id: fact.applicationId, version }, fact);
  const overdueNotices = async () => (await listOf(nuria)).edges.map((edge) => edge.node).filter((node) => node.type === 'APPLICATION_OVERDUE');

  beforeAll(async () => {
    await publishTestEvent(subgraph.databaseUrl, 'UserProfileChanged', { type: 'User', id: NURIA, version: 1 }, profile(NURIA, { email: 'nuria@example.kg', preferredLanguage: 'KY' }));
    await subgraph.drain();
    const chosen = await subgraph.request(`mutation { updateNotificationPreferences(input: { channels: [CABINET, EMAIL] }) { channels } }`, {}, nuria);
    expect(chosen.errors).toBeUndefined();
  });

  it('tells the applicant, in her language, that the intake answer is late, with cabinet delivery and NotificationCreated', async () => {
    const before = await counts();
    await publishOverdue(2, overdue('INTAKE', '2026-11-25T12:00:00Z'));
    await subgraph.drain();

    const [notice, ...others] = await overdueNotices();
    expect(others).toEqual([]);
    expect(notice.title).toBe('№ KG-2026-000301 өтүнмө боюнча мөөнөт өтүп кетти');
    expect(notice.body).toContain('«Соттолбогондугу жөнүндө маалымкат» кызматы боюнча № KG-2026-000301 өтүнмөңүзгө белгиленген мөөнөттө жооп берген жок');
    expect(notice.body).toContain('Жооптун акыркы мөөнөтү: 25.11.2026 18:00.');
    expect(notice.body).toContain('Кызмат көрсөтүүчүнүн аракетсиздигине ушул эле порталда даттана аласыз');
    expect(notice.application).toEqual({ id: LATE.id });
    expect(notice.deliveries).toEqual([
      { channel: 'CABINET', status: 'DELIVERED', attempts: 1, lastError: null },
      { channel: 'EMAIL', status: 'QUEUED', attempts: 0, lastError: null },
    ]);
    const russian = await subgraph.request<{ notification: Node }>(NOTIFICATION, { id: notice.id, lang: 'RU' }, nuria);
    expect(russian.data!.notification.title).toBe('Срок по заявлению № KG-2026-000301 истёк');

    const [outbox] = await sql<{ type: string; payload: EventPayloads['NotificationCreated'] }>(`select type, payload from notifications.outbox where aggregate_id = ?`, [notice.id]);
    expect(outbox).toEqual({ type: 'NotificationCreated', payload: { notificationId: notice.id, userId: NURIA, applicationId: LATE.id, type: 'APPLICATION_OVERDUE' } });
    expect(await counts()).toEqual({
      notifications: before.notifications + 1,
      deliveries: before.deliveries + 2,
      outbox: before.outbox + 1,
      published: before.published + 1,
    });
  });

  it('creates nothing when the same missed deadline is emitted again under a new event id', async () => {
    const before = await counts();
    await publishOverdue(2, overdue('INTAKE', '2026-11-25T12:00:00Z'));
    await subgraph.drain();
    expect(await counts()).toEqual(before);
    expect(await overdueNotices()).toHaveLength(1);
  });

  it('tells her again when the decision deadline passes too: one notice per deadline', async () => {
    await publishOverdue(4, overdue('DECISION', '2026-11-30T12:00:00Z'));
    await subgraph.drain();
    const notices = await overdueNotices();
    expect(notices).toHaveLength(2);
    const decision = notices.find((node) => node.body.includes('чечим кабыл алган жок'))!;
    expect(decision.body).toContain('Чечим кабыл алуунун акыркы мөөнөтү: 30.11.2026 18:00.');
    expect(decision.body).not.toContain('бир жумуш күндүн ичинде');
    const keys = await sql<{ source_key: string }>(`select source_key from notifications.notification where user_id = ? order by source_key`, [NURIA]);
    expect(keys.map((row) => row.source_key)).toEqual([`application:${LATE.id}:overdue:DECISION`, `application:${LATE.id}:overdue:INTAKE`]);
  });
});
