/**
 * The whole payment in one process: ApplicationStatusChanged -> accrual -> startPayment -> the real
 * SEPS stand-in (its page, its transaction, its signed callback) -> PAID, receipt, PaymentConfirmed.
 * The stand-in signs with its own implementation of the wire format, so this also proves that it and
 * callback-signature.rules.ts agree.
 */
import { randomUUID } from 'node:crypto';
import { captureLogs, DEMO_PROVIDERS, DEMO_USERS, publishTestEvent, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { type PaymentSystemStandin, startPaymentSystemStandin } from '@portal/standins';
import { isValidUin } from '../accrual/uin.rules';
import { createPaymentsSubgraph } from '../subgraph';

const SECRET = 'flow-test-callback-secret';
const AIGUL = DEMO_USERS.CITIZEN_AIGUL;
const aigul = { userId: AIGUL, roles: ['CITIZEN' as const] };
const PURPOSE = { ky: 'Соттолбогондугу жөнүндө справка үчүн төлөм', ru: 'Оплата справки о несудимости' };

const APPLICATION_ACCRUAL = `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Application { accrual { id uin status paidAt receipt { number uin payerId paymentSystemTransactionId amount { amountMinor } } } }
    }
  }`;
const START_PAYMENT = `mutation ($accrualId: ID!) { startPayment(accrualId: $accrualId) { paymentUrl expiresAt accrual { id status } } }`;

interface AccrualView {
  id: string;
  uin: string;
  status: string;
  paidAt: string | null;
  receipt: { number: string; uin: string; payerId: string; paymentSystemTransactionId: string; amount: { amountMinor: number } } | null;
}

let standin: PaymentSystemStandin;
let subgraph: TestSubgraph;
/** The subgraph's log lines, kept out of the test output. */
let quiet: ReturnType<typeof captureLogs> | undefined;

beforeAll(async () => {
  quiet = captureLogs();
  standin = await startPaymentSystemStandin({ port: 0, callbackSecret: SECRET, retryDelaysMs: [20, 20, 20] });
  const definition = createPaymentsSubgraph({ SEPS_URL: standin.url, SEPS_CALLBACK_SECRET: SECRET });
  subgraph = await startTestSubgraph(definition, { onQuery: () => undefined });
  // the subgraph listens on a free port: tell it where the payment system must call back
  definition.usePublicUrl(subgraph.url);
});

afterAll(async () => {
  quiet?.stop();
  await subgraph?.close();
  await standin?.close();
});

async function paymentIsDue(applicationId: string): Promise<AccrualView> {
  await publishTestEvent(subgraph.databaseUrl, 'ApplicationStatusChanged', { type: 'Application', id: applicationId, version: 3 }, {
    applicationId,
    number: 'MVD-2026-000042',
    applicantId: AIGUL,
    providerId: DEMO_PROVIDERS.MVD,
    serviceId: randomUUID(),
    serviceVersion: 1,
    serviceTitle: { ky: 'Справка', ru: 'Справка' },
    from: 'SUBMITTED',
    to: 'AWAITING_PAYMENT',
    at: new Date().toISOString(),
    reason: null,
    appealProcedure: null,
    payment: { amountMinor: 50000, payerPin: '21203199000123', budgetCode: '14231100', purpose: PURPOSE },
    dueAt: null,
    intakeDueAt: null,
    resultDocumentNumber: null,
  });
  await subgraph.drain();
  return accrualOf(applicationId);
}

async function accrualOf(applicationId: string): Promise<AccrualView> {
  const result = await subgraph.request<{ _entities: Array<{ accrual: AccrualView }> }>(APPLICATION_ACCRUAL, {
    representations: [{ __typename: 'Application', id: applicationId }],
  }, aigul);
  expect(result.errors).toBeUndefined();
  return result.data!._entities[0].accrual;
}

async function startPayment(accrualId: string): Promise<string> {
  const result = await subgraph.request<{ startPayment: { paymentUrl: string; accrual: { id: string; status: string } } }>(START_PAYMENT, { accrualId }, aigul);
  expect(result.errors).toBeUndefined();
  expect(result.data!.startPayment.accrual).toEqual({ id: accrualId, status: 'PENDING' });
  return result.data!.startPayment.paymentUrl;
}

async function pay(paymentUrl: string, outcome: 'success' | 'failure'): Promise<{ transactionId: string; callbackStatus: number | null }> {
  const response = await fetch(paymentUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome }) });
  expect(response.status).toBe(200);
  return (await response.json()) as { transactionId: string; callbackStatus: number | null };
}

it('goes from payment due to a confirmed payment with its receipt and PaymentConfirmed', async () => {
  const applicationId = randomUUID();
  const accrual = await paymentIsDue(applicationId);
  expect(accrual).toMatchObject({ status: 'PENDING', paidAt: null, receipt: null });
  expect(isValidUin(accrual.uin)).toBe(true);

  const paymentUrl = await startPayment(accrual.id);
  expect(paymentUrl).toMatch(new RegExp(`^${standin.url}/pay/[0-9a-f-]{36}$`));
  const page = await fetch(paymentUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('500.00 KGS');
  expect(html).toContain(PURPOSE.ky);
  expect(html).toContain(accrual.uin);

  const { transactionId, callbackStatus } = await pay(paymentUrl, 'success');
  expect(callbackStatus).toBe(200);

  const paid = await accrualOf(applicationId);
  expect(paid).toMatchObject({
    status: 'PAID',
    paidAt: expect.any(String),
    receipt: { number: expect.stringMatching(/^R-\d{4}-000001$/), uin: accrual.uin, payerId: '21203199000123', paymentSystemTransactionId: transactionId, amount: { amountMinor: 50000 } },
  });

  // the event is in the outbox with the state change, and the relay publishes it to the shared log
  await subgraph.drain();
  const published = await subgraph.orm.em.fork().execute<Array<{ source: string; aggregate_id: string; payload: Record<string, unknown> }>>(
    `select source, aggregate_id, payload from event_bus.event_log where type = 'PaymentConfirmed'`,
  );
  expect(published).toEqual([
    {
      source: 'payments',
      aggregate_id: accrual.id,
      payload: { accrualId: accrual.id, applicationId, payerId: AIGUL, amountMinor: 50000, receiptNumber: paid.receipt!.number, paidAt: paid.paidAt },
    },
  ]);
  // and the stand-in cannot be paid twice through the same page
  expect((await fetch(paymentUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"outcome":"success"}' })).status).toBe(409);
});

it('keeps the accrual pending when the payer declines, and lets them pay on a new page', async () => {
  const applicationId = randomUUID();
  const accrual = await paymentIsDue(applicationId);

  const firstPage = await startPayment(accrual.id);
  expect((await pay(firstPage, 'failure')).callbackStatus).toBe(200);
  expect(await accrualOf(applicationId)).toMatchObject({ status: 'PENDING', receipt: null });

  const secondPage = await startPayment(accrual.id);
  expect(secondPage).not.toBe(firstPage);
  expect((await pay(secondPage, 'success')).callbackStatus).toBe(200);
  expect(await accrualOf(applicationId)).toMatchObject({ status: 'PAID', receipt: { number: expect.stringMatching(/^R-\d{4}-000002$/) } });
});
