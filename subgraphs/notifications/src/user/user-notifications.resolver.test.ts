import { randomUUID } from 'node:crypto';
import { DEMO_USERS, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { DeliveryEntity } from '../delivery/delivery.entity';
import { NotificationEntity } from '../notification/notification.entity';
import { createNotificationsSubgraph } from '../subgraph';

const AIGUL = DEMO_USERS.CITIZEN_AIGUL;
const BAKYT = DEMO_USERS.CITIZEN_BAKYT;
const aigul = { userId: AIGUL, roles: ['CITIZEN' as const] };
const bakyt = { userId: BAKYT, roles: ['CITIZEN' as const] };

const NOTIFICATIONS = `
  query Notifications($representations: [_Any!]!, $unreadOnly: Boolean, $first: Int, $after: String, $lang: Language) {
    _entities(representations: $representations) {
      ... on User {
        notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {
          totalCount
          unreadCount
          pageInfo { hasNextPage endCursor }
          edges { cursor node { id type title(lang: $lang) body createdAt readAt deliveries { channel status attempts lastError updatedAt } } }
        }
      }
    }
  }`;
const MARK_READ = `mutation MarkRead($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`;

interface Page {
  totalCount: number;
  unreadCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ cursor: string; node: { id: string; title: string; body: string; readAt: string | null; deliveries: Array<{ channel: string }> } }>;
}
type NotificationsResult = { _entities: Array<{ notifications: Page } | null> };

const executed: string[] = [];
let subgraph: TestSubgraph;
const aigulNotifications: NotificationEntity[] = [];
const bakytNotifications: NotificationEntity[] = [];

function notification(userId: string, createdAt: Date, read: boolean, n: number): NotificationEntity {
  return Object.assign(new NotificationEntity(), {
    id: randomUUID(),
    userId,
    type: 'APPLICATION_ACCEPTED',
    titleKy: `Арыз кабыл алынды ${n}`,
    titleRu: `Заявление принято ${n}`,
    bodyKy: 'Жыйынтык 3 жумуш күндүн ичинде даяр болот.',
    bodyRu: 'Результат будет готов в течение 3 рабочих дней.',
    createdAt,
    readAt: read ? new Date(createdAt.getTime() + 60_000) : null,
  });
}

/** The order the API promises: newest first, ties broken by id, both descending. */
const newestFirst = (list: NotificationEntity[]) =>
  [...list].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).map((n) => n.id);

beforeAll(async () => {
  subgraph = await startTestSubgraph(createNotificationsSubgraph(), { onQuery: (sql) => executed.push(sql) });
  const em = subgraph.orm.em.fork();
  const start = Date.parse('2026-11-01T09:00:00.000Z');
  for (let n = 0; n < 25; n += 1) {
    // every fifth notification shares its time with the previous one: the cursor must break the tie by id
    const at = new Date(start + (n % 5 === 0 && n > 0 ? n - 1 : n) * 3_600_000);
    aigulNotifications.push(notification(AIGUL, at, n % 3 === 0, n));
  }
  for (let n = 0; n < 2; n += 1) bakytNotifications.push(notification(BAKYT, new Date(start + n * 1000), false, n));
  for (const entity of [...aigulNotifications, ...bakytNotifications]) em.persist(entity);
  for (const entity of aigulNotifications) {
    em.persist(Object.assign(new DeliveryEntity(), { notification: entity, channel: 'CABINET', status: 'DELIVERED', attempts: 1 }));
    em.persist(Object.assign(new DeliveryEntity(), { notification: entity, channel: 'SMS', status: 'FAILED', attempts: 3, lastError: 'operator timeout' }));
  }
  await em.flush();
});

afterAll(async () => {
  await subgraph?.close();
});

const user = (id: string) => ({ representations: [{ __typename: 'User', id }] });

async function unreadInDatabase(ids: string[]): Promise<number> {
  const rows = await subgraph.orm.em.fork().count(NotificationEntity, { id: { $in: ids }, readAt: null });
  return rows;
}

describe('who may read and mark notifications', () => {
  it("refuses another user's notifications", async () => {
    const result = await subgraph.request<NotificationsResult>(NOTIFICATIONS, user(BAKYT), aigul);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect(result.errors![0].message).toBe('You can see only your own notifications.');
    expect(result.data).toEqual({ _entities: [null] });
  });

  it('asks anonymous callers to sign in before listing', async () => {
    const result = await subgraph.request(NOTIFICATIONS, user(AIGUL));
    expect(result.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("changes nothing when marking someone else's notifications", async () => {
    const ids = bakytNotifications.map((n) => n.id);
    const result = await subgraph.request(MARK_READ, { ids }, aigul);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ markNotificationsRead: 0 });
    expect(await unreadInDatabase(ids)).toBe(2);
  });

  it('asks anonymous callers to sign in before marking', async () => {
    const result = await subgraph.request(MARK_READ, { ids: [bakytNotifications[0].id] });
    expect(result.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors![0].message).toBe('Sign in first: this operation needs a valid access token.');
    expect(result.data).toBeNull();
  });

  it('refuses more than 500 ids and ids that are not notification ids', async () => {
    const tooMany = await subgraph.request(MARK_READ, { ids: Array.from({ length: 501 }, () => randomUUID()) }, bakyt);
    expect(tooMany.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors![0].message).toBe('Mark at most 500 notifications at once; got 501. Split the list.');

    const malformed = await subgraph.request(MARK_READ, { ids: [bakytNotifications[0].id, 'nope'] }, bakyt);
    expect(malformed.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformed.errors![0].message).toBe('ids[1] is not a notification id.');
    expect(await unreadInDatabase(bakytNotifications.map((n) => n.id))).toBe(2);
  });
});

describe('User.notifications', () => {
  async function walk(variables: Record<string, unknown>): Promise<{ ids: string[]; pages: Page[] }> {
    const pages: Page[] = [];
    let after: string | null = null;
    do {
      const result: { data?: NotificationsResult | null; errors?: unknown[] } = await subgraph.request<NotificationsResult>(
        NOTIFICATIONS,
        { ...user(AIGUL), ...variables, after },
        aigul,
      );
      expect(result.errors).toBeUndefined();
      const page = result.data!._entities[0]!.notifications;
      pages.push(page);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return { ids: pages.flatMap((page) => page.edges.map((edge) => edge.node.id)), pages };
  }

  it('pages through all notifications newest first, with the counts', async () => {
    const { ids, pages } = await walk({ first: 10 });
    expect(pages.map((page) => page.edges.length)).toEqual([10, 10, 5]);
    expect(ids).toEqual(newestFirst(aigulNotifications));
    for (const page of pages) {
      expect(page.totalCount).toBe(25);
      expect(page.unreadCount).toBe(16);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
    }
    expect(pages.at(-1)!.pageInfo.hasNextPage).toBe(false);
  });

  it('pages through the unread ones only', async () => {
    const { ids, pages } = await walk({ first: 7, unreadOnly: true });
    expect(pages.map((page) => page.edges.length)).toEqual([7, 7, 2]);
    expect(ids).toEqual(newestFirst(aigulNotifications.filter((n) => n.readAt === null)));
    expect(pages.every((page) => page.totalCount === 16 && page.unreadCount === 16)).toBe(true);
    expect(pages.flatMap((page) => page.edges).every((edge) => edge.node.readAt === null)).toBe(true);
  });

  it('answers in the asked language, else Accept-Language, else Kyrgyz', async () => {
    const asked = await subgraph.request<NotificationsResult>(NOTIFICATIONS, { ...user(AIGUL), first: 1, lang: 'RU' }, aigul);
    const node = asked.data!._entities[0]!.notifications.edges[0].node;
    expect(node.title).toMatch(/^Заявление принято/);
    expect(node.body).toBe('Жыйынтык 3 жумуш күндүн ичинде даяр болот.');

    const header = await subgraph.request<NotificationsResult>(NOTIFICATIONS, { ...user(AIGUL), first: 1 }, { ...aigul, acceptLanguage: 'RU' });
    expect(header.data!._entities[0]!.notifications.edges[0].node.body).toBe('Результат будет готов в течение 3 рабочих дней.');
  });

  it('loads a page with its deliveries and counts in three queries', async () => {
    executed.length = 0;
    const result = await subgraph.request<NotificationsResult>(NOTIFICATIONS, { ...user(AIGUL), first: 20 }, aigul);
    const edges = result.data!._entities[0]!.notifications.edges;
    expect(edges).toHaveLength(20);
    expect(edges[0].node.deliveries).toEqual([
      expect.objectContaining({ channel: 'CABINET', status: 'DELIVERED', attempts: 1, lastError: null }),
      expect.objectContaining({ channel: 'SMS', status: 'FAILED', attempts: 3, lastError: 'operator timeout' }),
    ]);
    // the page, the deliveries of all 20, the counts
    expect(executed).toHaveLength(3);
  });

  it('refuses a cursor it did not produce and a page size out of range', async () => {
    const cursor = await subgraph.request(NOTIFICATIONS, { ...user(AIGUL), after: 'garbage' }, aigul);
    expect(cursor.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(cursor.errors![0].message).toBe('"after" is not a cursor this list produced; pass an endCursor from a previous page.');
    const size = await subgraph.request(NOTIFICATIONS, { ...user(AIGUL), first: 0 }, aigul);
    expect(size.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is empty for a user without notifications', async () => {
    const someone = randomUUID();
    const result = await subgraph.request<NotificationsResult>(NOTIFICATIONS, user(someone), { userId: someone });
    expect(result.data!._entities[0]!.notifications).toEqual({ totalCount: 0, unreadCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });
});

describe('markNotificationsRead', () => {
  it('marks only the unread ones among the ids and says how many changed', async () => {
    const ids = bakytNotifications.map((n) => n.id);
    const first = await subgraph.request(MARK_READ, { ids: [...ids, ids[0], randomUUID()] }, bakyt);
    expect(first.errors).toBeUndefined();
    expect(first.data).toEqual({ markNotificationsRead: 2 });
    expect(await unreadInDatabase(ids)).toBe(0);

    const again = await subgraph.request(MARK_READ, { ids }, bakyt);
    expect(again.data).toEqual({ markNotificationsRead: 0 });

    const counts = await subgraph.request<NotificationsResult>(NOTIFICATIONS, user(BAKYT), bakyt);
    expect(counts.data!._entities[0]!.notifications).toMatchObject({ totalCount: 2, unreadCount: 0 });
  });

  it('accepts an empty list', async () => {
    const result = await subgraph.request(MARK_READ, { ids: [] }, bakyt);
    expect(result.data).toEqual({ markNotificationsRead: 0 });
  });
});
