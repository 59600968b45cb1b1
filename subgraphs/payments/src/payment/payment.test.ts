import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { captureLogs, DEMO_PROVIDERS, DEMO_USERS, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { AccrualEntity } from '../accrual/accrual.entity';
import { NO_SUCH_ACCRUAL, ONLY_THE_PAYER_PAYS } from '../accrual/accrual.rules';
import { makeUin } from '../accrual/uin.rules';
import { signCallback } from '../callback/callback-signature.rules';
import { ReceiptEntity } from '../receipt/receipt.entity';
import { createPaymentsSubgraph } from '../subgraph';
import { PaymentSessionEntity } from './payment-session.entity';
import { ALREADY_PAID, CANCELLED_NOTHING_TO_PAY } from './payment.rules';
import { SEPS_UNAVAILABLE } from './payment.service';

const SECRET = 'payments-test-callback-secret';
const PUBLIC_URL = 'https://portal.test/payments';
const AIGUL = DEMO_USERS.CITIZEN_AIGUL;
const aigul = { userId: AIGUL, roles: ['CITIZEN' as const] };
const bakyt = { userId: DEMO_USERS.CITIZEN_BAKYT, roles: ['CITIZEN' as const] };
const mvdOfficer = { userId: DEMO_USERS.OFFICER_MVD, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.MVD };

const START_PAYMENT = `
  mutation StartPayment($accrualId: ID!) {
    startPayment(accrualId: $accrualId) { paymentUrl expiresAt accrual { id status uin } }
  }`;
const ACCRUAL = `
  query Accrual($id: ID!) {
    accrual(id: $id) { status paidAt receipt { number uin payerId paidAt amount { amountMinor } paymentSystemTransactionId downloadUrl } }
  }`;

// ------------------------------------------------------------------ a fake payment system for startPayment

interface FakeSeps {
  url: string;
  registrations: Array<Record<string, unknown>>;
  /** HTTP status to answer registrations with. */
  status: number;
  close(): Promise<void>;
}

async function startFakeSeps(): Promise<FakeSeps> {
  const fake = { registrations: [] as Array<Record<string, unknown>>, status: 201 } as FakeSeps;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/api/sessions' && fake.status < 300) {
        fake.registrations.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      }
      res.writeHead(req.url === '/api/sessions' ? fake.status : 404, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}

// ------------------------------------------------------------------ fixtures

let sequence = 0;
function accrual(overrides: Partial<AccrualEntity> = {}): AccrualEntity {
  sequence += 1;
  return Object.assign(new AccrualEntity(), {
    id: randomUUID(),
    uin: makeUin({ issuerCode: '1423', date: new Date(), sequence }),
    applicationId: randomUUID(),
    providerId: DEMO_PROVIDERS.MVD,
    payerId: AIGUL,
    payerPin: '21203199000123',
    amountMinor: 50000,
    purposeKy: 'Соттолбогондугу жөнүндө справка үчүн төлөм',
    purposeRu: 'Оплата справки о несудимости',
    budgetCode: '14231100',
    ...overrides,
  });
}

const pending = accrual();
const toFail = accrual();
const paid = accrual({ status: 'PAID', paidAt: new Date('2026-11-01T10:00:00Z') });
const cancelled = accrual({ status: 'CANCELLED', cancelledAt: new Date('2026-11-02T10:00:00Z') });
const forCallbacks = accrual();

let subgraph: TestSubgraph;
let seps: FakeSeps;
let logs: ReturnType<typeof captureLogs>;
// the callback refusals these tests are about; the background jobs' own warnings (a daily
// reconciliation against this test's payment system, which keeps no statements) are not
const warnings = () => logs.lines.filter((line) => line.level === 'warn' && String(line.event ?? '').startsWith('seps_callback'));
const errors = () => logs.lines.filter((line) => line.level === 'error' && line.subgraph === 'payments');

beforeAll(async () => {
  logs = captureLogs();
  seps = await startFakeSeps();
  subgraph = await startTestSubgraph(createPaymentsSubgraph({ SEPS_URL: seps.url, SEPS_CALLBACK_SECRET: SECRET, PAYMENTS_PUBLIC_URL: PUBLIC_URL }), {
    onQuery: () => undefined, // keeps the migrator's log lines out of the test output
  });
  const em = subgraph.orm.em.fork();
  em.persist([pending, toFail, paid, cancelled, forCallbacks]);
  em.persist(Object.assign(new ReceiptEntity(), { number: 'R-2025-000777', accrual: paid, transactionId: 'SEPS-EARLIER-1', paidAt: paid.paidAt, amountMinor: 50000 }));
  await em.flush();
});

afterAll(async () => {
  logs?.stop();
  await subgraph?.close();
  await seps?.close();
});

beforeEach(() => {
  logs.lines.length = 0;
  seps.status = 201;
});

// ------------------------------------------------------------------ the callback client (what SEPS does)

interface CallbackBody {
  sessionId?: string | null;
  uin: string;
  transactionId: string;
  outcome: 'success' | 'failure';
  amountMinor: number;
  paidAt: string | null;
}

async function postCallback(raw: string, signature: string | null): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-seps-signature'] = signature;
  const response = await fetch(`${subgraph.url}/callbacks/seps`, { method: 'POST', headers, body: raw });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Signs like SEPS: HMAC over "<t>.<raw body>" with the shared secret. */
function sendCallback(body: CallbackBody, options: { secret?: string; now?: Date } = {}) {
  const raw = JSON.stringify(body);
  return postCallback(raw, signCallback(raw, options.secret ?? SECRET, options.now));
}

const success = (target: AccrualEntity, overrides: Partial<CallbackBody> = {}): CallbackBody => ({
  sessionId: null,
  uin: target.uin,
  transactionId: `SEPS-${randomUUID().slice(0, 8)}`,
  outcome: 'success',
  amountMinor: target.amountMinor,
  paidAt: new Date().toISOString(),
  ...overrides,
});

/** Everything a callback could change. */
async function paymentsState(): Promise<unknown> {
  const em = subgraph.orm.em.fork();
  return {
    accruals: await em.execute('select id, status, paid_at, version from payments.accrual order by id'),
    receipts: await em.execute('select * from payments.receipt order by number'),
    sessions: await em.execute('select id, status, transaction_id from payments.payment_session order by id'),
    outbox: await em.execute('select event_id from payments.outbox order by id'),
    counters: await em.execute('select * from payments.receipt_counter order by year'),
  };
}

async function outboxOf(type: string, accrualId: string): Promise<Array<{ aggregate_version: number; payload: Record<string, unknown> }>> {
  return subgraph.orm.em.fork().execute(`select aggregate_version, payload from payments.outbox where type = ? and aggregate_id = ? order by id`, [type, accrualId]);
}

// ------------------------------------------------------------------ refused first

describe('callbacks that must be refused', () => {
  it('refuses a forged signature with 401, logs a security warning and changes nothing', async () => {
    const before = await paymentsState();
    const result = await sendCallback(success(forCallbacks), { secret: 'a guessed secret' });
    expect(result).toEqual({
      status: 401,
      body: { error: 'INVALID_SIGNATURE', message: 'The x-seps-signature header is missing, malformed, stale or does not match the body.' },
    });
    expect(await paymentsState()).toEqual(before);
    expect(warnings()).toEqual([expect.objectContaining({ level: 'warn', subgraph: 'payments', event: 'seps_callback_signature_rejected', security: true, reason: 'BAD_SIGNATURE' })]);
  });

  it("logs the refusal under the callback's request id", async () => {
    const response = await fetch(`${subgraph.url}/callbacks/seps`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'seps-callback-0001' }, body: JSON.stringify(success(forCallbacks)) });
    expect(response.status).toBe(401);
    expect(warnings()).toEqual([expect.objectContaining({ event: 'seps_callback_signature_rejected', reason: 'MISSING', requestId: 'seps-callback-0001' })]);
  });

  it('refuses a body changed after signing', async () => {
    const raw = JSON.stringify(success(forCallbacks));
    const signature = signCallback(raw, SECRET);
    const before = await paymentsState();
    const result = await postCallback(raw.replace('"amountMinor":50000', '"amountMinor":5'), signature);
    expect(result.status).toBe(401);
    expect(await paymentsState()).toEqual(before);
    expect(warnings()[0]).toMatchObject({ reason: 'BAD_SIGNATURE' });
  });

  it('refuses a stale timestamp (a captured callback replayed later) with 401', async () => {
    const before = await paymentsState();
    const result = await sendCallback(success(forCallbacks), { now: new Date(Date.now() - 10 * 60_000) });
    expect(result.status).toBe(401);
    expect(await paymentsState()).toEqual(before);
    expect(warnings()).toEqual([expect.objectContaining({ event: 'seps_callback_signature_rejected', reason: 'STALE' })]);
  });

  it('refuses a callback without a signature or with a malformed one', async () => {
    const raw = JSON.stringify(success(forCallbacks));
    expect((await postCallback(raw, null)).status).toBe(401);
    expect((await postCallback(raw, 'sha256=abc')).status).toBe(401);
    expect(warnings().map((warning) => warning.reason)).toEqual(['MISSING', 'MALFORMED']);
  });

  it('refuses a payment for a cancelled accrual with 409 and logs it for a refund', async () => {
    const before = await paymentsState();
    const body = success(cancelled);
    const result = await sendCallback(body);
    expect(result).toEqual({ status: 409, body: { error: 'ACCRUAL_CANCELLED', message: 'The accrual was cancelled: nothing is owed, refund the payment.' } });
    expect(await paymentsState()).toEqual(before);
    expect(warnings()).toEqual([
      expect.objectContaining({ event: 'seps_callback_refused', reason: 'ACCRUAL_CANCELLED', uin: cancelled.uin, transactionId: body.transactionId, accrualStatus: 'CANCELLED' }),
    ]);
  });

  it('refuses a payment of another amount with 400 and logs it', async () => {
    const before = await paymentsState();
    const result = await sendCallback(success(forCallbacks, { amountMinor: 100 }));
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ error: 'AMOUNT_MISMATCH', message: 'The amount paid (100 tyiyn) differs from the amount due (50000 tyiyn).' });
    expect(await paymentsState()).toEqual(before);
    expect(warnings()[0]).toMatchObject({ event: 'seps_callback_refused', reason: 'AMOUNT_MISMATCH' });
  });

  it('refuses an unknown UIN with 404 and a malformed body with 400', async () => {
    const unknown = makeUin({ issuerCode: '9999', date: new Date(), sequence: 999 });
    expect(await sendCallback({ ...success(forCallbacks), uin: unknown })).toMatchObject({ status: 404, body: { error: 'UNKNOWN_UIN' } });
    const raw = JSON.stringify({ ...success(forCallbacks), outcome: 'maybe' });
    expect(await postCallback(raw, signCallback(raw, SECRET))).toEqual({
      status: 400,
      body: { error: 'MALFORMED_CALLBACK', message: 'outcome must be "success" or "failure"' },
    });
  });
});

describe('who may start a payment, and for what', () => {
  it('asks anonymous callers to sign in', async () => {
    const result = await subgraph.request(START_PAYMENT, { accrualId: pending.id });
    expect(result.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("refuses another citizen, and the provider's officer who may only read it", async () => {
    for (const caller of [bakyt, mvdOfficer]) {
      const result = await subgraph.request(START_PAYMENT, { accrualId: pending.id }, caller);
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0].extensions?.code).toBe('FORBIDDEN');
      expect(result.errors![0].message).toBe(ONLY_THE_PAYER_PAYS);
      expect(result.data).toBeNull();
    }
    expect(seps.registrations).toHaveLength(0);
  });

  it('refuses a paid accrual with CONFLICT: already paid', async () => {
    const result = await subgraph.request(START_PAYMENT, { accrualId: paid.id }, aigul);
    expect(result.errors![0].extensions).toEqual({ code: 'CONFLICT', accrualStatus: 'PAID' });
    expect(result.errors![0].message).toBe(ALREADY_PAID);
  });

  it('refuses a cancelled accrual with CONFLICT: nothing to pay', async () => {
    const result = await subgraph.request(START_PAYMENT, { accrualId: cancelled.id }, aigul);
    expect(result.errors![0].extensions?.code).toBe('CONFLICT');
    expect(result.errors![0].message).toBe(CANCELLED_NOTHING_TO_PAY);
  });

  it('answers NOT_FOUND for an unknown accrual', async () => {
    for (const accrualId of [randomUUID(), 'not-an-id']) {
      const result = await subgraph.request(START_PAYMENT, { accrualId }, aigul);
      expect(result.errors![0].extensions?.code).toBe('NOT_FOUND');
      expect(result.errors![0].message).toBe(NO_SUCH_ACCRUAL);
    }
  });

  it('writes nothing when the payment system refuses or is down, and says to retry', async () => {
    seps.status = 503;
    const result = await subgraph.request(START_PAYMENT, { accrualId: pending.id }, aigul);
    expect(result.errors![0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 60 });
    expect(result.errors![0].message).toBe(SEPS_UNAVAILABLE);
    expect(await subgraph.orm.em.fork().count(PaymentSessionEntity, { accrualId: pending.id })).toBe(0);
    expect(errors()).toEqual([expect.objectContaining({ event: 'seps_session_not_registered', accrualId: pending.id, httpStatus: 503 })]);
  });
});

describe('startPayment', () => {
  let paymentUrl: string;

  it('registers a session with the payment system and hands out its page', async () => {
    const before = Date.now();
    const result = await subgraph.request<{ startPayment: { paymentUrl: string; expiresAt: string; accrual: Record<string, unknown> } }>(
      START_PAYMENT,
      { accrualId: pending.id },
      aigul,
    );
    expect(result.errors).toBeUndefined();
    const session = await subgraph.orm.em.fork().findOneOrFail(PaymentSessionEntity, { accrualId: pending.id });
    paymentUrl = result.data!.startPayment.paymentUrl;
    expect(paymentUrl).toBe(`${seps.url}/pay/${session.id}`);
    expect(result.data!.startPayment.accrual).toEqual({ id: pending.id, status: 'PENDING', uin: pending.uin });
    const expiresAt = new Date(result.data!.startPayment.expiresAt).getTime();
    expect(expiresAt - before).toBeGreaterThanOrEqual(30 * 60_000 - 1000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    expect(session).toMatchObject({ status: 'OPEN', transactionId: null });
    expect(seps.registrations).toEqual([
      {
        sessionId: session.id,
        uin: pending.uin,
        amountMinor: 50000,
        purpose: { ky: pending.purposeKy, ru: pending.purposeRu },
        callbackUrl: `${PUBLIC_URL}/callbacks/seps`,
        expiresAt: session.expiresAt.toISOString(),
      },
    ]);
  });

  it('hands out the same open session when pressed again', async () => {
    seps.registrations.length = 0;
    const again = await subgraph.request<{ startPayment: { paymentUrl: string } }>(START_PAYMENT, { accrualId: pending.id }, aigul);
    expect(again.data!.startPayment.paymentUrl).toBe(paymentUrl);
    expect(seps.registrations).toHaveLength(0);
    expect(await subgraph.orm.em.fork().count(PaymentSessionEntity, { accrualId: pending.id })).toBe(1);
  });
});

describe('payment confirmation', () => {
  let sessionId: string;
  let confirmed: CallbackBody;
  let raw: string;
  let signature: string;

  it('confirms in one go: accrual PAID, receipt, session closed, PaymentConfirmed', async () => {
    sessionId = (await subgraph.orm.em.fork().findOneOrFail(PaymentSessionEntity, { accrualId: pending.id })).id;
    confirmed = success(pending, { sessionId, paidAt: '2026-11-22T16:05:00+06:00' });
    raw = JSON.stringify(confirmed);
    signature = signCallback(raw, SECRET);
    const result = await postCallback(raw, signature);
    expect(result).toEqual({ status: 200, body: { status: 'confirmed', receiptNumber: 'R-2026-000001' } });

    const em = subgraph.orm.em.fork();
    expect(await em.findOneOrFail(AccrualEntity, pending.id)).toMatchObject({ status: 'PAID', paidAt: new Date('2026-11-22T10:05:00Z'), version: 2 });
    expect(await em.findOneOrFail(PaymentSessionEntity, sessionId)).toMatchObject({ status: 'PAID', transactionId: confirmed.transactionId });
    expect(await outboxOf('PaymentConfirmed', pending.id)).toEqual([
      {
        aggregate_version: 2,
        payload: {
          accrualId: pending.id,
          applicationId: pending.applicationId,
          payerId: AIGUL,
          amountMinor: 50000,
          receiptNumber: 'R-2026-000001',
          paidAt: '2026-11-22T10:05:00.000Z',
        },
      },
    ]);

    const read = await subgraph.request<{ accrual: { receipt: Record<string, unknown> } }>(ACCRUAL, { id: pending.id }, aigul);
    expect(read.data!.accrual).toMatchObject({
      status: 'PAID',
      paidAt: '2026-11-22T10:05:00.000Z',
      receipt: {
        number: 'R-2026-000001',
        uin: pending.uin,
        payerId: '21203199000123',
        paidAt: '2026-11-22T10:05:00.000Z',
        amount: { amountMinor: 50000 },
        paymentSystemTransactionId: confirmed.transactionId,
      },
    });
    expect(read.data!.accrual.receipt.downloadUrl).toMatch(/^http:\/\/127\.0\.0\.1:4000\/files\/payments\/receipts\/R-2026-000001\?/);
  });

  it('answers a replay, as sent or signed again, with 200 and changes nothing', async () => {
    const before = await paymentsState();
    expect(await postCallback(raw, signature)).toEqual({ status: 200, body: { status: 'already-confirmed', receiptNumber: 'R-2026-000001' } });
    expect(await sendCallback(confirmed)).toEqual({ status: 200, body: { status: 'already-confirmed', receiptNumber: 'R-2026-000001' } });
    expect(await paymentsState()).toEqual(before);
    expect(await subgraph.orm.em.fork().count(ReceiptEntity, { accrual: pending.id })).toBe(1);
    expect(await outboxOf('PaymentConfirmed', pending.id)).toHaveLength(1);
  });

  it('refuses a second payment (another transaction id) of a paid accrual with 409 and logs it', async () => {
    const before = await paymentsState();
    const duplicate = success(pending, { transactionId: 'SEPS-SECOND-PAYMENT' });
    const result = await sendCallback(duplicate);
    expect(result).toEqual({ status: 409, body: { error: 'ALREADY_PAID', message: 'The accrual is already paid by another transaction: refund this one.' } });
    expect(await paymentsState()).toEqual(before);
    expect(await subgraph.orm.em.fork().count(ReceiptEntity, { accrual: pending.id })).toBe(1);
    expect(warnings()).toEqual([expect.objectContaining({ event: 'seps_callback_refused', reason: 'ALREADY_PAID', transactionId: 'SEPS-SECOND-PAYMENT' })]);
  });

  it('keeps the accrual pending on a failed payment and opens a new session on the next try', async () => {
    const first = await subgraph.request<{ startPayment: { paymentUrl: string } }>(START_PAYMENT, { accrualId: toFail.id }, aigul);
    const failedSessionId = first.data!.startPayment.paymentUrl.split('/').pop()!;
    const failure: CallbackBody = { sessionId: failedSessionId, uin: toFail.uin, transactionId: 'SEPS-DECLINED-1', outcome: 'failure', amountMinor: 50000, paidAt: null };
    expect(await sendCallback(failure)).toEqual({ status: 200, body: { status: 'failure-recorded', sessionStatus: 'FAILED' } });
    expect(await sendCallback(failure)).toEqual({ status: 200, body: { status: 'failure-recorded', sessionStatus: 'FAILED' } });

    const em = subgraph.orm.em.fork();
    expect(await em.findOneOrFail(AccrualEntity, toFail.id)).toMatchObject({ status: 'PENDING', paidAt: null, version: 1 });
    expect(await em.findOneOrFail(PaymentSessionEntity, failedSessionId)).toMatchObject({ status: 'FAILED', transactionId: 'SEPS-DECLINED-1' });
    expect(await em.count(ReceiptEntity, { accrual: toFail.id })).toBe(0);
    expect(await outboxOf('PaymentConfirmed', toFail.id)).toHaveLength(0);

    const retry = await subgraph.request<{ startPayment: { paymentUrl: string } }>(START_PAYMENT, { accrualId: toFail.id }, aigul);
    expect(retry.data!.startPayment.paymentUrl).not.toBe(first.data!.startPayment.paymentUrl);
  });

  it('numbers receipts in sequence within the year', async () => {
    const result = await sendCallback(success(forCallbacks, { paidAt: '2026-11-23T09:00:00+06:00' }));
    expect(result).toEqual({ status: 200, body: { status: 'confirmed', receiptNumber: 'R-2026-000002' } });
  });
});
