import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type PaymentSystemStandin, SEPS_SIGNATURE_HEADER, startPaymentSystemStandin } from './payment-system';

const SECRET = 'standin-test-secret';
const UIN = '14232611220000000079';

interface ReceivedCallback {
  body: string;
  signature: string | undefined;
}

/** A stand-in for the portal's callback route: records what arrives, answers with the queued statuses (then 200). */
async function startReceiver(): Promise<{ url: string; received: ReceivedCallback[]; answers: number[]; close(): Promise<void> }> {
  const received: ReceivedCallback[] = [];
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers[SEPS_SIGNATURE_HEADER] as string | undefined });
      res.writeHead(answers.shift() ?? 200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks/seps`,
    received,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The wire format, computed independently of the stand-in's signer. */
function expectSignedBody(callback: ReceivedCallback): void {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(callback.signature ?? '');
  expect(match).not.toBeNull();
  const [, timestamp, mac] = match!;
  expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(10);
  expect(mac).toBe(createHmac('sha256', SECRET).update(`${timestamp}.${callback.body}`).digest('hex'));
}

let standin: PaymentSystemStandin;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  standin = await startPaymentSystemStandin({ port: 0, callbackSecret: SECRET, retryDelaysMs: [5, 5, 5] });
  receiver = await startReceiver();
});

afterAll(async () => {
  await standin?.close();
  await receiver?.close();
});

beforeEach(() => {
  receiver.received.length = 0;
  receiver.answers.length = 0;
});

function registration(overrides: Record<string, unknown> = {}) {
  return {
    sessionId: randomUUID(),
    uin: UIN,
    amountMinor: 50000,
    purpose: { ky: 'Соттолбогондугу жөнүндө справка <үчүн>', ru: 'Оплата справки о несудимости' },
    callbackUrl: receiver.url,
    expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    ...overrides,
  };
}

async function register(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${standin.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function payJson(sessionId: string, body: unknown): Promise<Response> {
  return fetch(`${standin.url}/pay/${sessionId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('what the payment system stand-in refuses', () => {
  it('refuses malformed session registrations, saying what is wrong', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ sessionId: 'not-a-uuid' }, 'sessionId must be a UUID'],
      [{ uin: '123' }, 'uin must be 20 digits'],
      [{ amountMinor: 0 }, 'amountMinor must be a positive whole number of tyiyn'],
      [{ purpose: 'text' }, 'purpose must be {"ky": "...", "ru": "..."}'],
      [{ callbackUrl: 'ftp://portal/callbacks' }, 'callbackUrl must be an http(s) URL'],
      [{ expiresAt: 'soon' }, 'expiresAt must be an ISO-8601 date-time'],
    ];
    for (const [overrides, error] of cases) {
      const response = await register(registration(overrides));
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error });
    }
  });

  it('refuses another session under an id already taken, and takes the same registration twice as one', async () => {
    const session = registration();
    expect((await register(session)).status).toBe(201);
    expect((await register(session)).status).toBe(200);
    const other = await register({ ...session, amountMinor: 1 });
    expect(other.status).toBe(409);
    expect(standin.sessions.get(session.sessionId)!.amountMinor).toBe(50000);
  });

  it('answers 404 for an unknown session, on the page and when paying', async () => {
    const page = await fetch(`${standin.url}/pay/${randomUUID()}`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('<html lang="ky">');
    const payment = await payJson(randomUUID(), { outcome: 'success' });
    expect(payment.status).toBe(404);
  });

  it('answers 410 for an expired session and sends no callback', async () => {
    const session = registration({ expiresAt: new Date(Date.now() - 1000).toISOString() });
    await register(session);
    expect((await fetch(`${standin.url}/pay/${session.sessionId}?lang=ru`)).status).toBe(410);
    const payment = await payJson(session.sessionId, { outcome: 'success' });
    expect(payment.status).toBe(410);
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses a payment without a valid outcome, and a second payment in one session', async () => {
    const session = registration();
    await register(session);
    expect((await payJson(session.sessionId, { outcome: 'maybe' })).status).toBe(400);
    expect((await payJson(session.sessionId, { outcome: 'success' })).status).toBe(200);
    const again = await payJson(session.sessionId, { outcome: 'success' });
    expect(again.status).toBe(409);
    expect(receiver.received).toHaveLength(1);
  });
});

describe('the payment page', () => {
  it('shows amount, purpose and UIN in Kyrgyz by default, accessibly', async () => {
    const session = registration();
    await register(session);
    const response = await fetch(`${standin.url}/pay/${session.sessionId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('<html lang="ky">');
    expect(html).toMatch(/<title>Төлөм — .+<\/title>/);
    expect(html).toContain('<h1>Төлөм</h1>');
    expect(html).toContain('500.00 KGS');
    expect(html).toContain(UIN);
    expect(html).toContain('Соттолбогондугу жөнүндө справка &lt;үчүн&gt;');
    // every control has a label, the choice a legend, and the other language a link marked with its language
    for (const id of ['outcome-success', 'outcome-failure']) expect(html).toContain(`<label for="${id}">`);
    expect(html).toContain('<legend>');
    expect(html).toContain('<a href="?lang=ru" lang="ru" hreflang="ru">Русский</a>');
  });

  it('answers in Russian on ?lang=ru', async () => {
    const session = registration();
    await register(session);
    const html = await (await fetch(`${standin.url}/pay/${session.sessionId}?lang=ru`)).text();
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('Оплата справки о несудимости');
  });
});

describe('paying', () => {
  it('on success sends the portal a signed callback and answers with the transaction id', async () => {
    const session = registration();
    await register(session);
    const response = await payJson(session.sessionId, { outcome: 'success' });
    expect(response.status).toBe(200);
    const { transactionId, callbackStatus } = (await response.json()) as { transactionId: string; callbackStatus: number };
    expect(transactionId).toMatch(/^SEPS-\d{8}-[0-9A-F]{10}$/);
    expect(callbackStatus).toBe(200);

    expect(receiver.received).toHaveLength(1);
    expectSignedBody(receiver.received[0]);
    const body = JSON.parse(receiver.received[0].body) as Record<string, unknown>;
    expect(body).toEqual({ sessionId: session.sessionId, uin: UIN, transactionId, outcome: 'success', amountMinor: 50000, paidAt: expect.any(String) });
    expect(Math.abs(new Date(body.paidAt as string).getTime() - Date.now())).toBeLessThan(10_000);
    expect(standin.sessions.get(session.sessionId)).toMatchObject({ status: 'PAID', transactionId });
  });

  it('on failure reports the failure without a payment time', async () => {
    const session = registration();
    await register(session);
    const { transactionId } = (await (await payJson(session.sessionId, { outcome: 'failure' })).json()) as { transactionId: string };
    expectSignedBody(receiver.received[0]);
    expect(JSON.parse(receiver.received[0].body)).toMatchObject({ transactionId, outcome: 'failure', paidAt: null });
    expect(standin.sessions.get(session.sessionId)!.status).toBe('FAILED');
  });

  it('takes the HTML form of the page and answers with a page', async () => {
    const session = registration();
    await register(session);
    const response = await fetch(`${standin.url}/pay/${session.sessionId}?lang=ru`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'outcome=success',
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('Платёж принят');
    expect(JSON.parse(receiver.received[0].body)).toMatchObject({ outcome: 'success' });
  });

  it('retries a callback that met a 5xx, signing each attempt, up to 3 times', async () => {
    const session = registration();
    await register(session);
    receiver.answers.push(503, 502);
    const result = (await (await payJson(session.sessionId, { outcome: 'success' })).json()) as { callbackStatus: number };
    expect(result.callbackStatus).toBe(200);
    expect(receiver.received).toHaveLength(3);
    receiver.received.forEach(expectSignedBody);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);

    const unlucky = registration();
    await register(unlucky);
    receiver.answers.push(500, 500, 500, 500, 500);
    const failed = (await (await payJson(unlucky.sessionId, { outcome: 'success' })).json()) as { callbackStatus: number };
    expect(failed.callbackStatus).toBe(500);
    expect(receiver.received).toHaveLength(3 + 4);
  });

  it('does not retry a callback the portal refused (4xx)', async () => {
    const session = registration();
    await register(session);
    receiver.answers.push(409);
    const result = (await (await payJson(session.sessionId, { outcome: 'success' })).json()) as { callbackStatus: number };
    expect(result.callbackStatus).toBe(409);
    expect(receiver.received).toHaveLength(1);
  });

  it('gives up after 3 retries when the portal cannot be reached', async () => {
    const session = registration({ callbackUrl: 'http://127.0.0.1:9/callbacks/seps' });
    await register(session);
    const result = (await (await payJson(session.sessionId, { outcome: 'success' })).json()) as { callbackStatus: number | null };
    expect(result.callbackStatus).toBeNull();
    const attempts = standin.sessions.get(session.sessionId)!.callbackAttempts;
    expect(attempts).toHaveLength(4);
    expect(attempts.every((attempt) => attempt.status === null && attempt.error)).toBe(true);
  });
});

describe('the signed API: accruals payable by UIN, refunds, statements', () => {
  const API_SECRET = 'dev-only-seps-api-secret-change-me-in-production';
  const ACCRUAL_UIN = '14232611220000000087';

  function signed(body: unknown, secret = API_SECRET): { body: string; signature: string } {
    const raw = JSON.stringify(body);
    const timestamp = Math.floor(Date.now() / 1000);
    return { body: raw, signature: `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}` };
  }

  async function api(path: string, body: unknown, secret?: string): Promise<Response> {
    const request = signed(body, secret);
    return fetch(`${standin.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-portal-signature': request.signature }, body: request.body });
  }

  const accrual = () => ({ uin: ACCRUAL_UIN, amountMinor: 20000, purpose: { ky: 'Төлөм', ru: 'Оплата' }, payerId: '11505199012345', callbackUrl: receiver.url });

  it('refuses requests the portal did not sign, or signed with another secret', async () => {
    const unsigned = await fetch(`${standin.url}/api/accruals`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(accrual()) });
    expect(unsigned.status).toBe(401);
    expect((await api('/api/accruals', accrual(), 'guessed')).status).toBe(401);
    expect(standin.accruals.has(ACCRUAL_UIN)).toBe(false);
  });

  it('registers an accrual once; a payment by its UIN reaches the portal by the signed callback', async () => {
    expect((await api('/api/accruals', accrual())).status).toBe(201);
    expect((await api('/api/accruals', accrual())).status).toBe(200);
    expect((await api('/api/accruals', { ...accrual(), amountMinor: 1 })).status).toBe(409);
    const paid = await fetch(`${standin.url}/test/pay-by-uin`, { method: 'POST', body: JSON.stringify({ uin: ACCRUAL_UIN }) });
    expect(paid.status).toBe(200);
    expect(receiver.received).toHaveLength(1);
    expectSignedBody(receiver.received[0]);
    expect(JSON.parse(receiver.received[0].body)).toMatchObject({ sessionId: null, uin: ACCRUAL_UIN, outcome: 'success', amountMinor: 20000 });
    expect((await fetch(`${standin.url}/test/pay-by-uin`, { method: 'POST', body: JSON.stringify({ uin: '1'.repeat(20) }) })).status).toBe(404);
  });

  it('refunds a payment once per refund id, with a signed confirmation, and refuses a refund of another payment', async () => {
    const payment = standin.ledger.find((entry) => entry.uin === ACCRUAL_UIN && entry.kind === 'PAYMENT')!;
    const request = { refundId: randomUUID(), uin: ACCRUAL_UIN, paymentTransactionId: payment.transactionId, amountMinor: 20000, reason: 'отозвано' };
    const first = await api('/api/refunds', request);
    expect(first.status).toBe(200);
    const raw = await first.text();
    expectSignedBody({ body: raw, signature: first.headers.get('x-seps-signature') ?? undefined });
    expect(JSON.parse(raw)).toMatchObject({ refundId: request.refundId, status: 'COMPLETED', amountMinor: 20000 });
    const again = await api('/api/refunds', request);
    expect(JSON.parse(await again.text())).toEqual(JSON.parse(raw));
    expect((await api('/api/refunds', { ...request, refundId: randomUUID() })).status).toBe(409);
    expect((await api('/api/refunds', { ...request, refundId: randomUUID(), paymentTransactionId: 'SEPS-NONE' })).status).toBe(404);
  });

  it('lists a day in a signed statement, with planted entries, and signs it wrongly when asked to', async () => {
    const day = new Date(Date.now() + 6 * 3600_000).toISOString().slice(0, 10);
    await fetch(`${standin.url}/test/statement-extra`, { method: 'POST', body: JSON.stringify({ uin: UIN, amountMinor: 1, transactionId: 'PLANTED-1' }) });
    const response = await api('/api/statements', { date: day });
    const raw = await response.text();
    expectSignedBody({ body: raw, signature: response.headers.get('x-seps-signature') ?? undefined });
    const statement = JSON.parse(raw) as { date: string; entries: Array<{ kind: string; transactionId: string }> };
    expect(statement.date).toBe(day);
    expect(statement.entries.map((entry) => entry.kind).sort()).toEqual(expect.arrayContaining(['PAYMENT', 'REFUND']));
    expect(statement.entries.map((entry) => entry.transactionId)).toContain('PLANTED-1');
    expect(((await (await api('/api/statements', { date: '2000-01-01' })).json()) as { entries: unknown[] }).entries).toEqual([]);

    await fetch(`${standin.url}/test/statement-signature`, { method: 'POST', body: JSON.stringify({ valid: false }) });
    const forged = await api('/api/statements', { date: day });
    const forgedRaw = await forged.text();
    const [, timestamp, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(forged.headers.get('x-seps-signature') ?? '')!;
    expect(mac).not.toBe(createHmac('sha256', SECRET).update(`${timestamp}.${forgedRaw}`).digest('hex'));
    await fetch(`${standin.url}/test/statement-signature`, { method: 'POST', body: JSON.stringify({ valid: true }) });
  });

  it('answers 503 on its API during a test outage', async () => {
    await fetch(`${standin.url}/test/outage`, { method: 'POST', body: JSON.stringify({ down: true }) });
    expect((await api('/api/accruals', accrual())).status).toBe(503);
    await fetch(`${standin.url}/test/outage`, { method: 'POST', body: JSON.stringify({ down: false }) });
    expect((await api('/api/accruals', accrual())).status).toBe(200);
  });
});
