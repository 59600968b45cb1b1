import { randomUUID } from 'node:crypto';
import { captureLogs, DEMO_PROVIDERS, DEMO_USERS, type EventPayloads, publishTestEvent, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { AccrualEntity } from '../accrual/accrual.entity';
import { APPLICATION_EVENTS_CONSUMER } from '../accrual/application-events.consumer';
import { parseUin } from '../accrual/uin.rules';
import { NOT_YOUR_ACCRUAL } from '../accrual/accrual.rules';
import { createPaymentsSubgraph } from '../subgraph';

const AIGUL = DEMO_USERS.CITIZEN_AIGUL;
const aigul = { userId: AIGUL, roles: ['CITIZEN' as const] };
const bakyt = { userId: DEMO_USERS.CITIZEN_BAKYT, roles: ['CITIZEN' as const] };
const mvdOfficer = { userId: DEMO_USERS.OFFICER_MVD, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.MVD };
const grsOfficer = { userId: DEMO_USERS.OFFICER_GRS, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.GRS };
const operator = { userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR' as const] };

const APPLICATION_ACCRUAL = `
  query ApplicationAccrual($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Application { id accrual { id uin payerId status amount { amountMinor currency } purpose application { id } } }
    }
  }`;
const applications = (...ids: string[]) => ({ representations: ids.map((id) => ({ __typename: 'Application', id })) });

type StatusChange = EventPayloads['ApplicationStatusChanged'];
const PURPOSE = { ky: 'Соттолбогондугу жөнүндө справка үчүн төлөм', ru: 'Оплата справки о несудимости' };

function statusChange(applicationId: string, to: string, overrides: Partial<StatusChange> = {}): StatusChange {
  return {
    applicationId,
    number: `MVD-2026-${applicationId.slice(0, 6)}`,
    applicantId: AIGUL,
    providerId: DEMO_PROVIDERS.MVD,
    serviceId: randomUUID(),
    serviceVersion: 1,
    serviceTitle: { ky: 'Справка', ru: 'Справка' },
    from: 'SUBMITTED',
    to,
    at: new Date().toISOString(),
    reason: null,
    appealProcedure: null,
    payment: to === 'AWAITING_PAYMENT' ? { amountMinor: 50000, payerPin: '21203199000123', budgetCode: '14231100', purpose: PURPOSE } : null,
    dueAt: null,
    intakeDueAt: null,
    resultDocumentNumber: null,
    ...overrides,
  };
}

const paidApplication = randomUUID();
const withdrawnApplication = randomUUID();
const noBudgetCodeApplication = randomUUID();
const freeApplication = randomUUID();
const brokenApplication = randomUUID();
let subgraph: TestSubgraph;
const executed: string[] = [];
let logs: ReturnType<typeof captureLogs>;

async function publish(applicationId: string, to: string, overrides: Partial<StatusChange> = {}, version = 2): Promise<void> {
  await publishTestEvent(subgraph.databaseUrl, 'ApplicationStatusChanged', { type: 'Application', id: applicationId, version }, statusChange(applicationId, to, overrides));
}

async function outbox(type: string): Promise<Array<{ aggregate_id: string; aggregate_version: number; payload: Record<string, unknown> }>> {
  return subgraph.orm.em.fork().execute(`select aggregate_id, aggregate_version, payload from payments.outbox where type = ? order by id`, [type]);
}

beforeAll(async () => {
  logs = captureLogs();
  subgraph = await startTestSubgraph(createPaymentsSubgraph({ UIN_ISSUER_CODE: '0417' }), { onQuery: (sql) => executed.push(sql) });
  // the same change delivered twice under two event ids (a producer retry): still one accrual
  await publish(paidApplication, 'AWAITING_PAYMENT');
  await publish(paidApplication, 'AWAITING_PAYMENT');
  await publish(withdrawnApplication, 'AWAITING_PAYMENT');
  await publish(withdrawnApplication, 'WITHDRAWN', { from: 'AWAITING_PAYMENT' }, 3);
  await publish(noBudgetCodeApplication, 'AWAITING_PAYMENT', { payment: { amountMinor: 12000, payerPin: '21203199000123', budgetCode: null, purpose: PURPOSE } });
  await publish(freeApplication, 'IN_REVIEW');
  await publish(brokenApplication, 'AWAITING_PAYMENT', { payment: null });
  await subgraph.drain();
});

afterAll(async () => {
  logs?.stop();
  await subgraph?.close();
});

describe('who may read Application.accrual', () => {
  it("refuses an officer of another provider", async () => {
    const result = await subgraph.request(APPLICATION_ACCRUAL, applications(paidApplication), grsOfficer);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect(result.errors![0].message).toBe(NOT_YOUR_ACCRUAL);
    expect(result.data).toEqual({ _entities: [{ id: paidApplication, accrual: null }] });
  });

  it('refuses another citizen and an operator', async () => {
    for (const caller of [bakyt, operator]) {
      const result = await subgraph.request(APPLICATION_ACCRUAL, applications(paidApplication), caller);
      expect(result.errors![0].extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('asks anonymous callers to sign in', async () => {
    const result = await subgraph.request(APPLICATION_ACCRUAL, applications(paidApplication));
    expect(result.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("refuses the accrual by id to another provider's officer too", async () => {
    const accrual = await subgraph.orm.em.fork().findOneOrFail(AccrualEntity, { applicationId: paidApplication });
    const result = await subgraph.request(`query ($id: ID!) { accrual(id: $id) { id } }`, { id: accrual.id }, grsOfficer);
    expect(result.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect((await subgraph.request(`query ($id: ID!) { accrual(id: $id) { id } }`, { id: accrual.id }, mvdOfficer)).data).toEqual({ accrual: { id: accrual.id } });
  });
});

describe('accruals from ApplicationStatusChanged', () => {
  it('opens one accrual per application, even when the event comes twice', async () => {
    const rows = await subgraph.orm.em.fork().find(AccrualEntity, { applicationId: paidApplication });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      providerId: DEMO_PROVIDERS.MVD,
      payerId: AIGUL,
      payerPin: '21203199000123',
      amountMinor: 50000,
      currency: 'KGS',
      purposeKy: PURPOSE.ky,
      purposeRu: PURPOSE.ru,
      budgetCode: '14231100',
      status: 'PENDING',
      version: 1,
    });
  });

  it("gives it a valid UIN issued under the budget code's first four digits, today", async () => {
    const { uin } = await subgraph.orm.em.fork().findOneOrFail(AccrualEntity, { applicationId: paidApplication });
    const parsed = parseUin(uin);
    expect(parsed).not.toBeNull();
    expect(parsed!.issuerCode).toBe('1423');
    expect(parsed!.issuedOn).toBe(new Date(Date.now() + 6 * 3600_000).toISOString().slice(0, 10));
  });

  it('uses the configured issuer code when the service has no budget code', async () => {
    const accrual = await subgraph.orm.em.fork().findOneOrFail(AccrualEntity, { applicationId: noBudgetCodeApplication });
    expect(parseUin(accrual.uin)!.issuerCode).toBe('0417');
    expect(accrual.budgetCode).toBeNull();
  });

  it('announces each new accrual once with AccrualCreated', async () => {
    const accrual = await subgraph.orm.em.fork().findOneOrFail(AccrualEntity, { applicationId: paidApplication });
    const created = (await outbox('AccrualCreated')).filter((event) => event.aggregate_id === accrual.id);
    expect(created).toEqual([
      {
        aggregate_id: accrual.id,
        aggregate_version: 1,
        payload: { accrualId: accrual.id, applicationId: paidApplication, payerId: AIGUL, uin: accrual.uin, amountMinor: 50000 },
      },
    ]);
    expect(await outbox('AccrualCreated')).toHaveLength(3);
  });

  it('cancels the pending accrual of a withdrawn application', async () => {
    const accrual = await subgraph.orm.em.fork().findOneOrFail(AccrualEntity, { applicationId: withdrawnApplication });
    expect(accrual.status).toBe('CANCELLED');
    expect(accrual.cancelledAt).toBeInstanceOf(Date);
    expect(accrual.version).toBe(2);
  });

  it('opens nothing for free services, and logs a change to AWAITING_PAYMENT without payment terms', async () => {
    const em = subgraph.orm.em.fork();
    expect(await em.count(AccrualEntity, { applicationId: { $in: [freeApplication, brokenApplication] } })).toBe(0);
    const logged = logs.lines.find((line) => line.level === 'error' && line.event === 'accrual_not_created');
    expect(logged).toMatchObject({ level: 'error', applicationId: brokenApplication, problems: ['the change to AWAITING_PAYMENT carries no payment terms'] });
    // the consumer went on past it: every event is in its inbox
    const [{ count }] = await em.execute<Array<{ count: string }>>(`select count(*) from payments.inbox where consumer = ?`, [APPLICATION_EVENTS_CONSUMER]);
    expect(Number(count)).toBe(7);
  });
});

describe('Application.accrual', () => {
  it("shows the accrual to the officer of the application's provider and to the payer", async () => {
    for (const caller of [mvdOfficer, aigul]) {
      const result = await subgraph.request<{ _entities: Array<{ accrual: Record<string, unknown> }> }>(APPLICATION_ACCRUAL, applications(paidApplication), {
        ...caller,
        acceptLanguage: 'RU',
      });
      expect(result.errors).toBeUndefined();
      expect(result.data!._entities[0]).toEqual({
        id: paidApplication,
        accrual: {
          id: expect.any(String),
          uin: expect.stringMatching(/^1423\d{16}$/),
          payerId: '21203199000123',
          status: 'PENDING',
          amount: { amountMinor: 50000, currency: 'KGS' },
          purpose: PURPOSE.ru,
          application: { id: paidApplication },
        },
      });
    }
  });

  it('is null for an application without a fee', async () => {
    const result = await subgraph.request(APPLICATION_ACCRUAL, applications(freeApplication), aigul);
    expect(result).toEqual({ data: { _entities: [{ id: freeApplication, accrual: null }] } });
  });

  it("loads a queue page's accruals with one query, and records the officer's reads of the payers' data with one INSERT", async () => {
    executed.length = 0;
    const result = await subgraph.request(APPLICATION_ACCRUAL, applications(paidApplication, withdrawnApplication, noBudgetCodeApplication, freeApplication), mvdOfficer);
    expect(result.errors).toBeUndefined();
    expect(executed.filter((sql) => !/outbox|pg_notify/.test(sql))).toHaveLength(1);
    expect(executed.filter((sql) => /insert into "payments"\.outbox/.test(sql))).toHaveLength(1);
    expect(executed).toHaveLength(3); // with the wake-up of the relay
  });
});
