/**
 * Least privilege at the notifications subgraph: a user's notices and preferences are the user's
 * alone; not the operator's, not a provider officer's (even of the provider the notices are about),
 * whichever way they are asked for (_entities with a User representation, or a notification by id).
 */
import { randomUUID } from 'node:crypto';
import { DEMO_PROVIDERS, DEMO_USERS, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { NotificationEntity } from './notification/notification.entity';
import { createNotificationsSubgraph } from './subgraph';

const AIGUL = DEMO_USERS.CITIZEN_AIGUL;
const aigul = { userId: AIGUL, roles: ['CITIZEN' as const] };
const intruders = {
  citizen: { userId: DEMO_USERS.CITIZEN_BAKYT, roles: ['CITIZEN' as const] },
  officer: { userId: DEMO_USERS.OFFICER_MVD, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.MVD },
  operator: { userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR' as const] },
};

const USER_FIELDS = `query ($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on User { id notifications { totalCount edges { node { id title body } } } notificationPreferences { channels email phone } }
  }
}`;
const ONE = `query ($id: ID!) { notification(id: $id) { id title body } }`;

let subgraph: TestSubgraph;
const noticeId = randomUUID();

beforeAll(async () => {
  subgraph = await startTestSubgraph(createNotificationsSubgraph(), { onQuery: () => undefined });
  const em = subgraph.orm.em.fork();
  em.persist(
    Object.assign(new NotificationEntity(), {
      id: noticeId,
      userId: AIGUL,
      type: 'APPLICATION_APPROVED',
      titleKy: 'Арыз жактырылды',
      titleRu: 'Заявление одобрено',
      bodyKy: 'Документ KG-2026-000001 даяр.',
      bodyRu: 'Документ по заявлению KG-2026-000001 готов.',
      createdAt: new Date('2026-11-01T09:00:00Z'),
      readAt: null,
    }),
  );
  await em.flush();
});

afterAll(async () => {
  await subgraph?.close();
});

describe("who is refused a user's notices and preferences", () => {
  it.each(Object.entries(intruders))('refuses the %s, through a User representation', async (_who, caller) => {
    const result = await subgraph.request<{ _entities: unknown[] }>(USER_FIELDS, { r: [{ __typename: 'User', id: AIGUL }] }, caller);
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(new Set(result.errors!.map((error) => error.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
    expect(result.data).toEqual({ _entities: [null] });
    // each field on its own is refused too
    for (const field of ['notifications { totalCount }', 'notificationPreferences { channels }']) {
      const alone = await subgraph.request(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { ${field} } } }`, { r: [{ __typename: 'User', id: AIGUL }] }, caller);
      expect(alone.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    }
  });

  it.each(Object.entries(intruders))('refuses the %s one notification by id', async (_who, caller) => {
    const result = await subgraph.request(ONE, { id: noticeId }, caller);
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(result.data)).not.toContain('KG-2026-000001');
  });

  it('shows them to the user', async () => {
    const result = await subgraph.request<{ _entities: Array<{ notifications: { totalCount: number } }> }>(USER_FIELDS, { r: [{ __typename: 'User', id: AIGUL }] }, aigul);
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities[0].notifications.totalCount).toBe(1);
    expect((await subgraph.request(ONE, { id: noticeId }, aigul)).data).toEqual({ notification: { id: noticeId, title: 'Арыз жактырылды', body: 'Документ KG-2026-000001 даяр.' } });
  });
});
