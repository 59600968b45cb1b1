import { randomUUID } from 'node:crypto';
import { type EventPayloads, publishTestEvent, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { createApplicationsSubgraph, DEVELOPMENT_SETTINGS } from '../subgraph';

const bishkek = (local: string): string => new Date(`${local.replace(' ', 'T')}+06:00`).toISOString();
const STATISTICS = `
  query($serviceId: ID, $providerId: ID, $fromMonth: String, $toMonth: String) {
    serviceStatistics(serviceId: $serviceId, providerId: $providerId, fromMonth: $fromMonth, toMonth: $toMonth) {
      service { id } providerId month received accepted rejectedAtIntake approved refused
      medianWorkingDays p90WorkingDays overdueShare averageRating
    }
  }`;

const SERVICE = randomUUID();
const OTHER_SERVICE = randomUUID();
const PROVIDER = randomUUID();
const OTHER_PROVIDER = randomUUID();
const APPLICANT = randomUUID();
let subgraph: TestSubgraph;

type StatusChanged = EventPayloads['ApplicationStatusChanged'];

async function publishStep(applicationId: string, version: number, from: string | null, to: string, at: string, extra: Partial<StatusChanged> = {}, service = SERVICE, provider = PROVIDER) {
  const payload: StatusChanged = {
    applicationId,
    number: `KG-2026-${String(version).padStart(6, '0')}`,
    applicantId: APPLICANT,
    providerId: provider,
    serviceId: service,
    serviceVersion: 1,
    serviceTitle: { ru: 'Справка', ky: 'Маалымкат' },
    from,
    to,
    at: bishkek(at),
    reason: null,
    appealProcedure: null,
    payment: null,
    dueAt: null,
    intakeDueAt: null,
    resultDocumentNumber: null,
    ...extra,
  };
  await publishTestEvent(subgraph.databaseUrl, 'ApplicationStatusChanged', { type: 'Application', id: applicationId, version }, payload);
}

async function publishRating(applicationId: string, score: number, at: string) {
  await publishTestEvent(subgraph.databaseUrl, 'ApplicationRated', { type: 'Application', id: applicationId, version: 9 }, { applicationId, serviceId: SERVICE, providerId: PROVIDER, score, ratedAt: bishkek(at) });
}

beforeAll(async () => {
  subgraph = await startTestSubgraph(createApplicationsSubgraph(DEVELOPMENT_SETTINGS, { now: () => new Date(bishkek('2026-07-10 12:00')) }));
  const [approved, rejected, refusedLate, pending, paid] = Array.from({ length: 5 }, () => randomUUID());
  // approved in 2 working days, rated 5
  await publishStep(approved, 5, 'DRAFT', 'SUBMITTED', '2026-06-01 10:00', { intakeDueAt: bishkek('2026-06-02 10:00') });
  await publishStep(approved, 6, 'SUBMITTED', 'IN_REVIEW', '2026-06-01 12:00', { intakeDueAt: bishkek('2026-06-02 10:00'), dueAt: bishkek('2026-06-04 18:00') });
  await publishStep(approved, 7, 'IN_REVIEW', 'APPROVED', '2026-06-03 11:00', { dueAt: bishkek('2026-06-04 18:00') });
  await publishRating(approved, 5, '2026-06-03 12:00');
  // rejected at intake on time
  await publishStep(rejected, 5, 'DRAFT', 'SUBMITTED', '2026-06-01 11:00', { intakeDueAt: bishkek('2026-06-02 11:00') });
  await publishStep(rejected, 6, 'SUBMITTED', 'REJECTED', '2026-06-01 15:00', { intakeDueAt: bishkek('2026-06-02 11:00') });
  // refused after its deadline (5 working days), announced overdue, rated 2
  await publishStep(refusedLate, 5, 'DRAFT', 'SUBMITTED', '2026-06-02 10:00', { intakeDueAt: bishkek('2026-06-03 10:00') });
  await publishStep(refusedLate, 6, 'SUBMITTED', 'IN_REVIEW', '2026-06-02 11:00', { dueAt: bishkek('2026-06-05 18:00') });
  await publishTestEvent(subgraph.databaseUrl, 'ApplicationOverdue', { type: 'Application', id: refusedLate, version: 6 }, {
    applicationId: refusedLate, number: null, applicantId: APPLICANT, providerId: PROVIDER, serviceTitle: { ru: 'Справка', ky: 'Маалымкат' },
    deadline: 'DECISION', dueAt: bishkek('2026-06-05 18:00'), status: 'IN_REVIEW', detectedAt: bishkek('2026-06-05 18:01'),
  });
  await publishStep(refusedLate, 7, 'IN_REVIEW', 'REFUSED', '2026-06-09 10:00', { dueAt: bishkek('2026-06-05 18:00') });
  await publishRating(refusedLate, 2, '2026-06-10 12:00');
  // still waiting for the intake answer
  await publishStep(pending, 5, 'DRAFT', 'SUBMITTED', '2026-06-03 10:00');
  // paid: two working days waiting for payment, decided one working day after
  await publishStep(paid, 5, 'DRAFT', 'SUBMITTED', '2026-06-03 10:00');
  await publishStep(paid, 6, 'SUBMITTED', 'AWAITING_PAYMENT', '2026-06-03 12:00');
  await publishStep(paid, 7, 'AWAITING_PAYMENT', 'IN_REVIEW', '2026-06-05 10:00', { dueAt: bishkek('2026-06-10 18:00') });
  await publishStep(paid, 8, 'IN_REVIEW', 'APPROVED', '2026-06-08 10:00', { dueAt: bishkek('2026-06-10 18:00') });
  await publishRating(paid, 4, '2026-06-08 11:00');
  // replays of steps already applied (new event ids, same versions) change nothing
  await publishStep(rejected, 6, 'SUBMITTED', 'REJECTED', '2026-06-01 15:00');
  await publishStep(pending, 5, 'DRAFT', 'SUBMITTED', '2026-06-03 10:00');
  // another service of another provider, in May
  await publishStep(randomUUID(), 5, 'DRAFT', 'SUBMITTED', '2026-05-20 10:00', {}, OTHER_SERVICE, OTHER_PROVIDER);
  await subgraph.drain();
});

afterAll(async () => {
  await subgraph?.close();
});

const JUNE = {
  service: { id: SERVICE },
  providerId: PROVIDER,
  month: '2026-06',
  received: 5,
  accepted: 3,
  rejectedAtIntake: 1,
  approved: 2,
  refused: 1,
  medianWorkingDays: 2,
  p90WorkingDays: 4.4,
  overdueShare: 0.25,
  averageRating: 3.67,
};
const MAY = {
  service: { id: OTHER_SERVICE },
  providerId: OTHER_PROVIDER,
  month: '2026-05',
  received: 1,
  accepted: 0,
  rejectedAtIntake: 0,
  approved: 0,
  refused: 0,
  medianWorkingDays: null,
  p90WorkingDays: null,
  overdueShare: null,
  averageRating: null,
};

describe('who may read the open data', () => {
  it('the subgraph still refuses a request the gateway did not sign', async () => {
    const response = await fetch(`${subgraph.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: STATISTICS }) });
    expect(response.status).toBe(401);
  });

  it('anyone through the gateway, without signing in (L-12: public)', async () => {
    const result = await subgraph.request(STATISTICS, { fromMonth: '2026-05', toMonth: '2026-06' });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ serviceStatistics: [MAY, JUNE] });
  });
});

describe('Query.serviceStatistics', () => {
  it('gives exactly the figures of a known set of applications, filtered by service or provider', async () => {
    expect((await subgraph.request(STATISTICS, { serviceId: SERVICE, fromMonth: '2026-01' })).data).toEqual({ serviceStatistics: [JUNE] });
    expect((await subgraph.request(STATISTICS, { providerId: OTHER_PROVIDER })).data).toEqual({ serviceStatistics: [MAY] });
    expect((await subgraph.request(STATISTICS, { fromMonth: '2026-07', toMonth: '2026-07' })).data).toEqual({ serviceStatistics: [] });
  });

  it('refuses a bad month, a reversed or too long period and a bad id with BAD_USER_INPUT in the caller language', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ fromMonth: '2026-6' }, /fromMonth должен быть месяцем в виде ГГГГ-ММ/],
      [{ fromMonth: '2026-06', toMonth: '2026-05' }, /позже toMonth/],
      [{ fromMonth: '2020-01', toMonth: '2026-05' }, /длиннее 36 месяцев/],
      [{ serviceId: 'nope' }, /serviceId должен быть идентификатором/],
    ];
    for (const [variables, message] of cases) {
      const result = await subgraph.request(STATISTICS, variables, { acceptLanguage: 'RU' });
      expect(result.errors?.[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT' } });
    }
    const kyrgyz = await subgraph.request(STATISTICS, { toMonth: '2026-13' });
    expect(kyrgyz.errors?.[0].message).toMatch(/toMonth ЖЖЖЖ-АА түрүндөгү ай болушу керек/);
  });
});

describe('GET /open-data/service-statistics.csv and .json', () => {
  it('serves the same figures as CSV with the documented columns, without a token', async () => {
    const response = await fetch(`${subgraph.url}/open-data/service-statistics.csv?fromMonth=2026-05&toMonth=2026-06`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="service-statistics-2026-05-2026-06.csv"');
    expect(await response.text()).toBe(
      'month,serviceId,providerId,received,accepted,rejectedAtIntake,approved,refused,medianWorkingDays,p90WorkingDays,overdueShare,averageRating\r\n' +
        `2026-05,${OTHER_SERVICE},${OTHER_PROVIDER},1,0,0,0,0,,,,\r\n` +
        `2026-06,${SERVICE},${PROVIDER},5,3,1,2,1,2,4.4,0.25,3.67\r\n`,
    );
  });

  it('serves JSON with the period and the rows, and names no person', async () => {
    const response = await fetch(`${subgraph.url}/open-data/service-statistics.json?serviceId=${SERVICE}&fromMonth=2026-06&toMonth=2026-06`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const { service, ...june } = JUNE;
    expect(JSON.parse(text)).toMatchObject({ schema: 'portal-service-statistics/1', fromMonth: '2026-06', toMonth: '2026-06', rows: [{ ...june, serviceId: service.id }] });
    expect(text).not.toContain(APPLICANT);
    expect(text).not.toMatch(/KG-2026-/);
  });

  it('answers 400 with the reason for a bad period', async () => {
    const response = await fetch(`${subgraph.url}/open-data/service-statistics.json?fromMonth=June&lang=RU`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'fromMonth должен быть месяцем в виде ГГГГ-ММ, например 2026-03; получено "June".' });
  });
});
