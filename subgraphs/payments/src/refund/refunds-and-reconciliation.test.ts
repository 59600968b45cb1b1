/**
 * Money back and books that balance, in one process against the real SEPS stand-in: the accrual is
 * registered with the payment system as soon as it exists (retried while SEPS is down), paid by UIN
 * outside the portal, refunded on withdrawal (once, however often the event comes), refunded on
 * refusal only where the standard says so, and a day's books reconciled against the signed statement.
 * Forbidden cases first.
 */
import { randomUUID } from 'node:crypto';
import { captureLogs, DEMO_PROVIDERS, DEMO_USERS, publishTestEvent, startTestSubgraph, type TestSubgraph, waitUntil } from '@portal/kit';
import { type PaymentSystemStandin, startPaymentSystemStandin } from '@portal/standins';
import { NOT_YOUR_ACCRUAL } from '../accrual/accrual.rules';
import { ONLY_OPERATORS_RECONCILE } from '../reconciliation/reconciliation.resolver';
import { bishkekDayOf } from '../reconciliation/reconciliation.rules';
import { createPaymentsSubgraph } from '../subgraph';
import { ALREADY_REFUNDED_OTHERWISE, NOTHING_PAID_TO_REFUND, ONLY_THE_PROVIDER_REFUNDS, REFUND_REASON_NEEDED, WITHDRAWN_REASON } from './refund.rules';

const CALLBACK_SECRET = 'refund-test-callback-secret';
const API_SECRET = 'refund-test-api-secret';
const AIGUL = DEMO_USERS.CITIZEN_AIGUL;
const aigul = { userId: AIGUL, roles: ['CITIZEN' as const], preferredLanguage: 'RU' as const };
const bakyt = { userId: DEMO_USERS.CITIZEN_BAKYT, roles: ['CITIZEN' as const] };
const mvdOfficer = { userId: DEMO_USERS.OFFICER_MVD, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.MVD };
const grsOfficer = { userId: DEMO_USERS.OFFICER_GRS, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.GRS };
const operator = { userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR' as const] };
const PAYER_PIN = '21203199000123';
/** How long background work may take on a busy machine. */
const PATIENCE_MS = 30_000;
const AMOUNT = 50000;

const ACCRUAL = `query ($id: ID!) { accrual(id: $id) { id uin status paidAt receipt { number paymentSystemTransactionId }
  refund { amount { amountMinor } status requestedAt completedAt reason receipt { number refundedAt amount { amountMinor } uin paymentSystemTransactionId downloadUrl } } } }`;
const APPLICATION_ACCRUAL = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Application { accrual { id uin status } } } }`;
const REFUND_BY_ENTITY = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Accrual { refund { status reason } } } }`;
const REPORTS = `query { reconciliationReports(first: 10) { totalCount edges { node { id day status trigger statementEntryCount portalEntryCount mismatchCount problem
  mismatches { kind entryKind transactionId uin portalAmount { amountMinor } paymentSystemAmount { amountMinor } portalStatus paymentSystemStatus } } } } }`;
const RUN = `mutation ($day: String!) { runReconciliation(day: $day) { id day status mismatchCount statementEntryCount portalEntryCount problem
  mismatches { kind entryKind transactionId uin paymentSystemAmount { amountMinor } } } }`;

interface AccrualView {
  id: string;
  uin: string;
  status: string;
  receipt: { number: string; paymentSystemTransactionId: string } | null;
  refund: {
    amount: { amountMinor: number };
    status: string;
    completedAt: string | null;
    reason: string;
    receipt: { number: string; amount: { amountMinor: number }; uin: string; paymentSystemTransactionId: string; downloadUrl: string } | null;
  } | null;
}

let standin: PaymentSystemStandin;
let subgraph: TestSubgraph;
/** The subgraph's log lines, kept out of the test output. */
let quiet: ReturnType<typeof captureLogs> | undefined;
const serviceId = randomUUID();
/** A payment SEPS took that the portal refused to book (the UIN was already paid). */
let doublePayment: { uin: string; transactionId: string };

const codes = (result: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => (result.errors ?? []).map((error) => error.extensions?.code);

async function sepsApi(path: string, body: unknown): Promise<Response> {
  return fetch(`${standin.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

function statusChange(applicationId: string, version: number, from: string, to: string, extra: { serviceVersion?: number } = {}) {
  return publishTestEvent(subgraph.databaseUrl, 'ApplicationStatusChanged', { type: 'Application', id: applicationId, version }, {
    applicationId,
    number: `MVD-2026-${applicationId.slice(0, 6)}`,
    applicantId: AIGUL,
    providerId: DEMO_PROVIDERS.MVD,
    serviceId,
    serviceVersion: extra.serviceVersion ?? 1,
    serviceTitle: { ky: 'Справка', ru: 'Справка' },
    from,
    to,
    at: new Date().toISOString(),
    reason: to === 'REFUSED' ? 'not eligible' : null,
    appealProcedure: null,
    payment: to === 'AWAITING_PAYMENT' ? { amountMinor: AMOUNT, payerPin: PAYER_PIN, budgetCode: '14231100', purpose: { ky: 'Төлөм', ru: 'Оплата' } } : null,
    dueAt: null,
    intakeDueAt: null,
    resultDocumentNumber: null,
  });
}

async function accrual(id: string, caller: object = aigul): Promise<AccrualView> {
  const result = await subgraph.request<{ accrual: AccrualView }>(ACCRUAL, { id }, caller);
  expect(result.errors).toBeUndefined();
  return result.data!.accrual;
}

/** An accrual the payer paid by its UIN at a bank (outside the portal). */
async function paidByUin(serviceVersion = 1): Promise<{ applicationId: string; accrual: AccrualView }> {
  const applicationId = randomUUID();
  await statusChange(applicationId, 2, 'SUBMITTED', 'AWAITING_PAYMENT', { serviceVersion });
  await subgraph.drain();
  const opened = (await subgraph.request<{ _entities: Array<{ accrual: AccrualView }> }>(APPLICATION_ACCRUAL, { r: [{ __typename: 'Application', id: applicationId }] }, aigul)).data!._entities[0].accrual;
  await waitUntil(async () => standin.accruals.has(opened.uin), 'the accrual to be registered with SEPS', PATIENCE_MS);
  const paid = await sepsApi('/test/pay-by-uin', { uin: opened.uin });
  expect(paid.status).toBe(200);
  expect(((await paid.json()) as { callbackStatus: number }).callbackStatus).toBe(200);
  return { applicationId, accrual: await accrual(opened.id) };
}

/** The accrual without its signed links, whose expiry moves with the clock. */
function withoutLinks(view: AccrualView): unknown {
  return JSON.parse(JSON.stringify(view, (key, value: unknown) => (key === 'downloadUrl' ? undefined : value)));
}

async function eventCount(type: string, accrualId: string): Promise<number> {
  await subgraph.drain();
  const [{ count }] = await subgraph.orm.em.fork().execute<Array<{ count: string }>>(
    `select count(*) as count from payments.outbox where type = ? and aggregate_id = ?`,
    [type, accrualId],
  );
  return Number(count);
}

beforeAll(async () => {
  quiet = captureLogs();
  standin = await startPaymentSystemStandin({ port: 0, callbackSecret: CALLBACK_SECRET, apiSecret: API_SECRET, retryDelaysMs: [20, 20, 20] });
  const definition = createPaymentsSubgraph({ SEPS_URL: standin.url, SEPS_CALLBACK_SECRET: CALLBACK_SECRET, SEPS_API_SECRET: API_SECRET, SEPS_RETRY_BASE_MS: '50' });
  subgraph = await startTestSubgraph(definition, { onQuery: () => undefined });
  definition.usePublicUrl(subgraph.url);
});

afterAll(async () => {
  quiet?.stop();
  await subgraph?.close();
  await standin?.close();
});

describe('who is refused a refund and the reconciliation', () => {
  let paid: AccrualView;
  beforeAll(async () => {
    const { applicationId, accrual: view } = await paidByUin();
    await statusChange(applicationId, 4, 'IN_REVIEW', 'WITHDRAWN');
    await subgraph.drain();
    await waitUntil(async () => (await accrual(view.id)).refund?.status === 'COMPLETED', 'the refund to complete', PATIENCE_MS);
    paid = view;
  });

  it('refuses another citizen, another provider officer and the operator a refund, by id and through _entities', async () => {
    for (const caller of [bakyt, grsOfficer, operator]) {
      const byId = await subgraph.request(ACCRUAL, { id: paid.id }, caller);
      expect(codes(byId)).toEqual(['FORBIDDEN']);
      expect(byId.errors![0].message).toBe(NOT_YOUR_ACCRUAL);
      const byEntity = await subgraph.request(REFUND_BY_ENTITY, { r: [{ __typename: 'Accrual', id: paid.id }] }, caller);
      expect(codes(byEntity)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(byEntity.data)).not.toContain('COMPLETED');
    }
    expect(codes(await subgraph.request(REFUND_BY_ENTITY, { r: [{ __typename: 'Accrual', id: paid.id }] }, {}))).toEqual(['UNAUTHENTICATED']);
  });

  it('shows the refund to the payer and to the officer of the provider', async () => {
    for (const caller of [aigul, mvdOfficer]) expect((await accrual(paid.id, caller)).refund?.status).toBe('COMPLETED');
  });

  it('refuses the reconciliation to citizens and officers, and asks the anonymous to sign in', async () => {
    for (const caller of [aigul, mvdOfficer]) {
      for (const [query, variables] of [[REPORTS, {}], [RUN, { day: bishkekDayOf(new Date()) }]] as const) {
        const result = await subgraph.request(query, variables, caller);
        expect(codes(result)).toEqual(['FORBIDDEN']);
        expect(result.errors![0].message).toBe(ONLY_OPERATORS_RECONCILE);
      }
    }
    expect(codes(await subgraph.request(REPORTS, {}, {}))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses SEPS requests that the portal did not sign', async () => {
    const unsigned = await sepsApi('/api/refunds', { refundId: randomUUID(), uin: paid.uin, paymentTransactionId: paid.receipt!.paymentSystemTransactionId, amountMinor: AMOUNT });
    expect(unsigned.status).toBe(401);
  });
});

describe('an accrual is registered with the payment system as soon as it exists', () => {
  it('retries while SEPS is down and registers it once it is back; then it can be paid by UIN anywhere', async () => {
    await sepsApi('/test/outage', { down: true });
    const applicationId = randomUUID();
    await statusChange(applicationId, 2, 'SUBMITTED', 'AWAITING_PAYMENT');
    await subgraph.drain();
    const opened = (await subgraph.request<{ _entities: Array<{ accrual: AccrualView }> }>(APPLICATION_ACCRUAL, { r: [{ __typename: 'Application', id: applicationId }] }, aigul)).data!._entities[0].accrual;
    await waitUntil(async () => {
      const [row] = await subgraph.orm.em.fork().execute<Array<{ attempts: number }>>(`select attempts from payments.seps_request r join payments.accrual a on a.id = r.subject_id where a.uin = ?`, [opened.uin]);
      return (row?.attempts ?? 0) >= 2;
    }, 'two failed tries', PATIENCE_MS);
    expect(standin.accruals.has(opened.uin)).toBe(false);

    await sepsApi('/test/outage', { down: false });
    await waitUntil(async () => standin.accruals.has(opened.uin), 'the registration after the outage', PATIENCE_MS);
    expect(standin.accruals.get(opened.uin)).toMatchObject({ amountMinor: AMOUNT, payerId: PAYER_PIN });

    const paid = await sepsApi('/test/pay-by-uin', { uin: opened.uin });
    expect(paid.status).toBe(200);
    const after = await accrual(opened.id);
    expect(after.status).toBe('PAID');
    expect(after.receipt?.number).toMatch(/^R-\d{4}-\d{6}$/);
    // a second payment of the same UIN is not booked as a second receipt (the reconciliation finds it below)
    const second = (await (await sepsApi('/test/pay-by-uin', { uin: opened.uin })).json()) as { callbackStatus: number; transactionId: string };
    expect(second.callbackStatus).toBe(409);
    doublePayment = { uin: opened.uin, transactionId: second.transactionId };
    expect((await accrual(opened.id)).receipt).toEqual(after.receipt);
  });
});

describe('refunds', () => {
  it('a paid application withdrawn before a decision is refunded once, with its receipt, however often the event comes', async () => {
    const { applicationId, accrual: paid } = await paidByUin();
    await statusChange(applicationId, 4, 'IN_REVIEW', 'WITHDRAWN');
    await subgraph.drain();
    await waitUntil(async () => (await accrual(paid.id)).refund?.status === 'COMPLETED', 'the refund to complete', PATIENCE_MS);
    const refunded = await accrual(paid.id);
    expect(refunded.status).toBe('REFUNDED');
    expect(refunded.refund).toMatchObject({ amount: { amountMinor: AMOUNT }, reason: WITHDRAWN_REASON.ru, receipt: { amount: { amountMinor: AMOUNT }, uin: paid.uin } });
    expect(refunded.refund!.receipt!.number).toMatch(/^RF-\d{4}-\d{6}$/);
    expect(standin.refunds.size).toBeGreaterThan(0);

    // the printable refund receipt, behind its signed link (the configured base is the default port)
    const link = new URL(refunded.refund!.receipt!.downloadUrl);
    const served = new URL(`${subgraph.url}${link.pathname}${link.search}`);
    const printed = await fetch(served);
    expect(printed.status).toBe(200);
    const html = await printed.text();
    expect(html).toContain('Квитанция о возврате платежа');
    expect(html).toContain(refunded.refund!.receipt!.number);
    expect(html).toContain(PAYER_PIN);
    served.searchParams.set('signature', 'forged');
    expect((await fetch(served)).status).toBe(403);

    // the same withdrawal again (a replay under a new event id): nothing new
    await statusChange(applicationId, 4, 'IN_REVIEW', 'WITHDRAWN');
    await subgraph.drain();
    await subgraph.drain();
    expect(withoutLinks(await accrual(paid.id))).toEqual(withoutLinks(refunded));
    expect(await eventCount('RefundCompleted', paid.id)).toBe(1);
    expect([...standin.refunds.values()].filter((refund) => refund.uin === paid.uin)).toHaveLength(1);
  });

  it('a refusal returns the fee only where the standard says so', async () => {
    await publishTestEvent(subgraph.databaseUrl, 'ServiceVersionPublished', { type: 'Service', id: serviceId, version: 2 }, {
      serviceId,
      version: 2,
      code: 'refund-test',
      providerId: DEMO_PROVIDERS.MVD,
      providerCode: 'MVD',
      providerName: { ky: 'ИИМ', ru: 'МВД' },
      title: { ky: 'Справка', ru: 'Справка' },
      feeMinor: AMOUNT,
      feeReturnedOnRefusal: true,
      budgetCode: '14231100',
      deadlineWorkingDays: 3,
      signatureLevel: 'SIMPLE',
      appealProcedure: { ky: 'Даттануу', ru: 'Обжалование' },
      form: { steps: [] },
    });
    const kept = await paidByUin(1);
    const returned = await paidByUin(2);
    await statusChange(kept.applicationId, 4, 'IN_REVIEW', 'REFUSED', { serviceVersion: 1 });
    await statusChange(returned.applicationId, 4, 'IN_REVIEW', 'REFUSED', { serviceVersion: 2 });
    await subgraph.drain();
    await waitUntil(async () => (await accrual(returned.accrual.id)).refund?.status === 'COMPLETED', 'the refund on refusal', PATIENCE_MS);
    expect((await accrual(returned.accrual.id)).status).toBe('REFUNDED');
    const unchanged = await accrual(kept.accrual.id);
    expect(unchanged).toMatchObject({ status: 'PAID', refund: null });
  });

  it('a withdrawal before payment cancels the accrual and refunds nothing', async () => {
    const applicationId = randomUUID();
    await statusChange(applicationId, 2, 'SUBMITTED', 'AWAITING_PAYMENT');
    await subgraph.drain();
    await statusChange(applicationId, 3, 'AWAITING_PAYMENT', 'WITHDRAWN');
    await subgraph.drain();
    const opened = (await subgraph.request<{ _entities: Array<{ accrual: AccrualView & { refund: null } }> }>(APPLICATION_ACCRUAL, { r: [{ __typename: 'Application', id: applicationId }] }, aigul)).data!._entities[0].accrual;
    expect((await accrual(opened.id)).status).toBe('CANCELLED');
    expect((await accrual(opened.id)).refund).toBeNull();
    // and its UIN can no longer be paid at a bank
    await waitUntil(async () => standin.accruals.get(opened.uin)?.cancelledAt !== undefined, 'the accrual withdrawn from SEPS', PATIENCE_MS);
    expect((await sepsApi('/test/pay-by-uin', { uin: opened.uin })).status).toBe(409);
  });
});

describe('a refund asked for by the provider officer', () => {
  const REQUEST = `mutation ($id: ID!, $reason: String!) { requestRefund(accrualId: $id, reason: $reason) { id status refund { status reason amount { amountMinor } } } }`;

  it('refuses the payer, another provider officer and the operator, and asks the anonymous to sign in', async () => {
    const { accrual: paid } = await paidByUin();
    for (const caller of [aigul, bakyt, grsOfficer, operator]) {
      const result = await subgraph.request(REQUEST, { id: paid.id, reason: 'paid twice' }, caller);
      expect(codes(result)).toEqual(['FORBIDDEN']);
      expect(result.errors![0].message).toBe(ONLY_THE_PROVIDER_REFUNDS);
    }
    expect(codes(await subgraph.request(REQUEST, { id: paid.id, reason: 'paid twice' }, {}))).toEqual(['UNAUTHENTICATED']);
    expect((await accrual(paid.id)).refund).toBeNull();
  });

  it('refuses an unpaid accrual and a blank reason, changing nothing', async () => {
    const applicationId = randomUUID();
    await statusChange(applicationId, 2, 'SUBMITTED', 'AWAITING_PAYMENT');
    await subgraph.drain();
    const pending = (await subgraph.request<{ _entities: Array<{ accrual: AccrualView }> }>(APPLICATION_ACCRUAL, { r: [{ __typename: 'Application', id: applicationId }] }, aigul)).data!._entities[0].accrual;
    const unpaid = await subgraph.request(REQUEST, { id: pending.id, reason: 'paid twice' }, mvdOfficer);
    expect(codes(unpaid)).toEqual(['CONFLICT']);
    expect(unpaid.errors![0].message).toBe(NOTHING_PAID_TO_REFUND);
    const blank = await subgraph.request(REQUEST, { id: pending.id, reason: '  ' }, mvdOfficer);
    expect(codes(blank)).toEqual(['BAD_USER_INPUT']);
    expect(blank.errors![0].message).toBe(REFUND_REASON_NEEDED);
    expect(await accrual(pending.id)).toMatchObject({ status: 'PENDING', refund: null });
    expect(codes(await subgraph.request(REQUEST, { id: randomUUID(), reason: 'x' }, mvdOfficer))).toEqual(['NOT_FOUND']);
  });

  it('returns a paid fee once: the same request again gets the same refund, another one is refused', async () => {
    const { accrual: paid } = await paidByUin();
    const first = await subgraph.request<{ requestRefund: { status: string; refund: { status: string; reason: string } } }>(REQUEST, { id: paid.id, reason: 'Оплачено дважды' }, mvdOfficer);
    expect(first.errors).toBeUndefined();
    expect(first.data!.requestRefund.refund).toMatchObject({ reason: 'Оплачено дважды' });
    await subgraph.drain();
    await waitUntil(async () => (await accrual(paid.id)).refund?.status === 'COMPLETED', 'the refund asked for by the officer', PATIENCE_MS);
    const done = await accrual(paid.id);
    expect(done.status).toBe('REFUNDED');

    const retry = await subgraph.request<{ requestRefund: { status: string; refund: { status: string } } }>(REQUEST, { id: paid.id, reason: 'Оплачено дважды' }, mvdOfficer);
    expect(retry.data!.requestRefund).toMatchObject({ status: 'REFUNDED', refund: { status: 'COMPLETED' } });
    const other = await subgraph.request(REQUEST, { id: paid.id, reason: 'another reason' }, mvdOfficer);
    expect(codes(other)).toEqual(['CONFLICT']);
    expect(other.errors![0].message).toBe(ALREADY_REFUNDED_OTHERWISE);
    expect(withoutLinks(await accrual(paid.id))).toEqual(withoutLinks(done));
    expect(await eventCount('RefundCompleted', paid.id)).toBe(1);
  });
});

describe('daily reconciliation', () => {
  const today = bishkekDayOf(new Date());

  it('refuses a day that is not a day or has not begun, saying so', async () => {
    for (const day of ['2026-02-30', 'yesterday', '2999-01-01']) {
      const result = await subgraph.request(RUN, { day }, operator);
      expect(codes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0].message).toMatch(/YYYY-MM-DD|calendar day|has not begun/);
    }
  });

  it('finds the payment the portal refused to book, and a planted entry', async () => {
    type Run = { runReconciliation: { id: string; status: string; statementEntryCount: number; portalEntryCount: number; mismatches: Array<Record<string, unknown>> } };
    const first = (await subgraph.request<Run>(RUN, { day: today }, operator)).data!.runReconciliation;
    expect(first.status).toBe('MISMATCHES');
    expect(first.mismatches).toEqual([{ kind: 'MISSING_IN_PORTAL', entryKind: 'PAYMENT', transactionId: doublePayment.transactionId, uin: doublePayment.uin, paymentSystemAmount: { amountMinor: AMOUNT } }]);
    // everything else balances: the payments and refunds above, on both sides
    expect(first.statementEntryCount).toBe(first.portalEntryCount + 1);
    expect(first.portalEntryCount).toBeGreaterThanOrEqual(7);

    const planted = '14232611229999999990';
    expect((await sepsApi('/test/statement-extra', { uin: planted, amountMinor: 777, transactionId: 'SEPS-PLANTED-1' })).status).toBe(201);
    const found = (await subgraph.request<Run>(RUN, { day: today }, operator)).data!.runReconciliation;
    expect(found.status).toBe('MISMATCHES');
    expect(found.id).toBe(first.id);
    expect(found.mismatches.slice(1)).toEqual([{ kind: 'MISSING_IN_PORTAL', entryKind: 'PAYMENT', transactionId: 'SEPS-PLANTED-1', uin: planted, paymentSystemAmount: { amountMinor: 777 } }]);
    // the same day run again replaces its report: one report per day
    const reports = (await subgraph.request<{ reconciliationReports: { totalCount: number; edges: Array<{ node: { id: string; day: string; mismatchCount: number } }> } }>(REPORTS, {}, operator)).data!.reconciliationReports;
    expect(reports.edges.filter((edge) => edge.node.day === today)).toEqual([expect.objectContaining({ node: expect.objectContaining({ id: found.id, mismatchCount: 2 }) })]);
  });

  it('refuses a statement with a bad signature and reports it', async () => {
    await sepsApi('/test/statement-signature', { valid: false });
    try {
      const refused = (await subgraph.request<{ runReconciliation: { status: string; problem: string; mismatchCount: number } }>(RUN, { day: today }, operator)).data!.runReconciliation;
      expect(refused.status).toBe('STATEMENT_REFUSED');
      expect(refused.problem).toMatch(/signature does not match/);
      expect(refused.mismatchCount).toBe(0);
    } finally {
      await sepsApi('/test/statement-signature', { valid: true });
    }
    const metrics = await (await fetch(`${subgraph.url}/metrics`)).text();
    expect(metrics).toMatch(/payments_reconciliation_runs_total\{outcome="STATEMENT_REFUSED"[^}]*\} 1/);
    expect(metrics).toMatch(/payments_reconciliation_mismatches_total\{kind="MISSING_IN_PORTAL"/);
  });
});
