/**
 * Stand-in of the State Electronic Payment System (SEPS, L-26) for local development and tests. The
 * portal registers a payment session (`POST /api/sessions`); the payer opens the session's page
 * (`GET /pay/:sessionId`) and pays or declines (`POST /pay/:sessionId`); SEPS then reports the
 * outcome to the session's callback URL, signed with the secret it shares with the portal.
 *
 * Besides sessions, the portal registers every accrual as soon as it exists (`POST /api/accruals`;
 * `POST /api/accruals/cancel` withdraws one nothing is owed on), so the payer can pay by UIN anywhere (L-26 item 5: `POST /test/pay-by-uin` plays a bank branch);
 * it asks for refunds (`POST /api/refunds`, answered with a signed confirmation) and fetches the
 * signed statement of a day (`POST /api/statements`) to reconcile its books. Those three requests
 * are signed by the portal (`x-portal-signature`, with the API secret); SEPS signs its callbacks,
 * refund confirmations and statements (`x-seps-signature`, with the callback secret).
 *
 * It is the peer of an outside system, so it imports nothing from the platform: the signature is
 * implemented here again from the wire format both sides agree on,
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`; the payments subgraph's tests
 * prove the two implementations agree.
 *
 * Test hooks: `POST /test/pay-by-uin`, `POST /test/statement-extra` (plants an entry in a day's
 * statement that no transaction backs), `POST /test/statement-signature` (`{"valid": false}` signs
 * statements with a wrong key), `POST /test/outage` (`{"down": true}`: the API answers 503).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ANY_METHOD, otherMethods, readBody, route, sendHtml, sendJson, serveStandin, type StandinHandler } from './http';

export const SEPS_SIGNATURE_HEADER = 'x-seps-signature';
/** The portal's signature on its API requests (accrual registration, refunds, statements). */
export const PORTAL_SIGNATURE_HEADER = 'x-portal-signature';
/** The API secret when none is configured: the payments subgraph's development default. */
export const DEV_SEPS_API_SECRET = 'dev-only-seps-api-secret-change-me-in-production';

export type PaymentSystemSessionStatus = 'OPEN' | 'PAID' | 'FAILED';
export type PaymentOutcome = 'success' | 'failure';

export interface CallbackAttempt {
  at: Date;
  /** HTTP status of the portal's answer; null when it could not be reached. */
  status: number | null;
  error: string | null;
}

export interface PaymentSystemSession {
  sessionId: string;
  uin: string;
  amountMinor: number;
  purpose: { ky: string; ru: string };
  callbackUrl: string;
  expiresAt: Date;
  registeredAt: Date;
  status: PaymentSystemSessionStatus;
  transactionId: string | null;
  /** The signed body sent to the portal (the same on every attempt). */
  callbackBody: string | null;
  callbackAttempts: CallbackAttempt[];
}

/** An accrual the portal registered: payable by its UIN at any bank or terminal. */
export interface RegisteredAccrual {
  uin: string;
  amountMinor: number;
  purpose: { ky: string; ru: string };
  payerId: string;
  callbackUrl: string;
  registeredAt: Date;
  /** Set when the portal withdrew it: its UIN can no longer be paid. */
  cancelledAt?: Date;
  /** The signed bodies of pay-by-UIN callbacks with their attempts. */
  callbackAttempts: CallbackAttempt[];
}

/** One movement of money as SEPS books it; its statements list these by day. */
export interface LedgerEntry {
  kind: 'PAYMENT' | 'REFUND';
  uin: string;
  transactionId: string;
  amountMinor: number;
  at: string;
  status: 'COMPLETED' | 'REVERSED';
}

export interface RefundConfirmation {
  refundId: string;
  uin: string;
  paymentTransactionId: string;
  refundTransactionId: string;
  amountMinor: number;
  status: 'COMPLETED';
  completedAt: string;
}

export interface PaymentSystemStandinOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The secret shared with the portal that signs callbacks. */
  callbackSecret: string;
  /** Waits before the retries of a callback that met a network error or a 5xx: up to 3 retries (default 200, 500, 1000 ms). */
  retryDelaysMs?: readonly number[];
  /** How long one callback attempt may take (default 5000 ms). */
  callbackTimeoutMs?: number;
  /** The secret the portal signs its API requests with (default: the development secret). */
  apiSecret?: string;
}

export interface PaymentSystemStandin {
  url: string;
  /** Registered sessions by id (read them in tests; the stand-in changes them). */
  sessions: ReadonlyMap<string, PaymentSystemSession>;
  /** Accruals the portal registered, by UIN. */
  accruals: ReadonlyMap<string, RegisteredAccrual>;
  /** Refunds made, by the portal's refund id. */
  refunds: ReadonlyMap<string, RefundConfirmation>;
  /** Every payment and refund, oldest first. */
  ledger: readonly LedgerEntry[];
  close(): Promise<void>;
}

/** The payment page posts its own form and styles itself inline; nothing else is loaded. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";
const DEFAULT_RETRY_DELAYS_MS = [200, 500, 1000];
const MAX_RETRIES = 3;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UIN = /^\d{20}$/;

/** The callback signature header for a raw body (the wire format in the header comment). */
export function signPaymentCallback(rawBody: string, secret: string, now: Date = new Date()): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex')}`;
}

/** True when `header` is a valid signature of `rawBody` with `secret`, made within 5 minutes of now. */
export function isSignedRequest(rawBody: string, header: string | string[] | undefined, secret: string, now: Date = new Date()): boolean {
  const value = Array.isArray(header) ? header.join(',') : header;
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/i.exec(value?.trim() ?? '');
  if (!match) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(match[1])) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${rawBody}`, 'utf8').digest();
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
}

/** A transaction id as SEPS hands them out: date and random part, e.g. SEPS-20261122-5F1C0A9B3E. */
function newTransactionId(now: Date, prefix = 'SEPS'): string {
  return `${prefix}-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(5).toString('hex').toUpperCase()}`;
}

/** The Bishkek calendar day (UTC+6) of an instant, as YYYY-MM-DD: statements are kept by it. */
export function bishkekDayOf(at: Date): string {
  return new Date(at.getTime() + 6 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PIN = /^\d{14}$/;

export async function startPaymentSystemStandin(options: PaymentSystemStandinOptions): Promise<PaymentSystemStandin> {
  if (!options.callbackSecret) throw new TypeError('callbackSecret must be a non-empty string');
  const host = options.host ?? '127.0.0.1';
  const retryDelays = (options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS).slice(0, MAX_RETRIES);
  const sessions = new Map<string, PaymentSystemSession>();
  const accruals = new Map<string, RegisteredAccrual>();
  const refunds = new Map<string, RefundConfirmation>();
  const ledger: LedgerEntry[] = [];
  const plantedEntries: Array<LedgerEntry & { day: string }> = [];
  const apiSecret = options.apiSecret ?? DEV_SEPS_API_SECRET;
  let statementsSignedValidly = true;
  let down = false;

  async function deliverCallback(target: { callbackUrl: string; callbackAttempts: CallbackAttempt[] }, body: string): Promise<number | null> {
    for (let attempt = 0; ; attempt += 1) {
      const at = new Date();
      try {
        const response = await fetch(target.callbackUrl, {
          method: 'POST',
          // signed afresh on every attempt: the timestamp must stay within the portal's tolerance
          headers: { 'content-type': 'application/json', [SEPS_SIGNATURE_HEADER]: signPaymentCallback(body, options.callbackSecret, at) },
          body,
          signal: AbortSignal.timeout(options.callbackTimeoutMs ?? 5000),
        });
        await response.arrayBuffer().catch(() => undefined);
        target.callbackAttempts.push({ at, status: response.status, error: null });
        if (response.status < 500 || attempt >= retryDelays.length) return response.status;
      } catch (error) {
        target.callbackAttempts.push({ at, status: null, error: (error as Error)?.message ?? String(error) });
        if (attempt >= retryDelays.length) return null;
      }
      await new Promise((resolve) => setTimeout(resolve, retryDelays[attempt]));
    }
  }

  /** The API answers 503 while a test outage lasts, before anything else. */
  const api = (handle: StandinHandler): StandinHandler => (req, res, params) => (down ? sendJson(res, 503, { error: 'the payment system is down (test outage)' }) : handle(req, res, params));
  const signed = (kind: 'accruals' | 'cancel' | 'refunds' | 'statements'): StandinHandler => async (req, res) => {
    const raw = await readBody(req);
    if (raw === null) return sendJson(res, 413, { error: 'the body is too large' });
    if (!isSignedRequest(raw, req.headers[PORTAL_SIGNATURE_HEADER], apiSecret)) {
      return sendJson(res, 401, { error: `the ${PORTAL_SIGNATURE_HEADER} header is missing, stale or does not match the body` });
    }
    const body = parseObject(raw);
    if (!body) return sendJson(res, 400, { error: 'the body must be a JSON object' });
    if (kind === 'accruals') return registerAccrual(res, body);
    if (kind === 'cancel') return cancelAccrual(res, body);
    if (kind === 'refunds') return refund(res, body);
    return statement(res, body);
  };
  const usePost: StandinHandler = (_req, res) => sendJson(res, 405, { error: 'use POST' });
  const testHook = (work: (res: ServerResponse, body: Record<string, unknown>) => unknown): StandinHandler => async (req, res) =>
    void (await work(res, parseObject(await readBody(req)) ?? {}));
  const language = (req: IncomingMessage): PageLanguage => (new URL(req.url ?? '/', 'http://standin').searchParams.get('lang') === 'ru' ? 'ru' : 'ky');

  const routes = [
    ...Object.entries(SIGNED_API).flatMap(([path, kind]) => [route('POST', path, api(signed(kind))), route(otherMethods('POST'), path, api(usePost))]),
    route('POST', '/api/sessions', api(async (req, res) => registerSession(res, await readBody(req)))),
    route(otherMethods('POST'), '/api/sessions', api(usePost)),
    route(ANY_METHOD, '/api/*', api((_req, res) => sendJson(res, 404, { error: 'not found' }))),
    route('GET', '/pay/:sessionId', (req, res, params) => showPaymentPage(res, params.sessionId, language(req))),
    route('POST', '/pay/:sessionId', (req, res, params) => pay(req, res, params.sessionId, language(req))),
    route(otherMethods('GET', 'POST'), '/pay/:sessionId', (_req, res) => sendJson(res, 405, { error: 'use GET or POST' })),
    route('POST', '/test/pay-by-uin', testHook(payByUin)),
    route('POST', '/test/statement-extra', testHook(plantStatementEntry)),
    route('POST', '/test/statement-signature', testHook((res, body) => {
      statementsSignedValidly = body.valid !== false;
      return sendJson(res, 200, { valid: statementsSignedValidly });
    })),
    route('POST', '/test/outage', testHook((res, body) => {
      down = body.down === true;
      return sendJson(res, 200, { down });
    })),
    route(otherMethods('POST'), '/test/*', usePost),
  ];

  function registerSession(res: ServerResponse, raw: string | null): void {
    const registration = parseRegistration(raw);
    if (typeof registration === 'string') return sendJson(res, 400, { error: registration });
    const existing = sessions.get(registration.sessionId);
    if (existing) {
      const same =
        existing.uin === registration.uin &&
        existing.amountMinor === registration.amountMinor &&
        existing.callbackUrl === registration.callbackUrl &&
        existing.expiresAt.getTime() === registration.expiresAt.getTime();
      if (!same) return sendJson(res, 409, { error: 'a different session with this id is already registered' });
      return sendJson(res, 200, { sessionId: existing.sessionId, status: existing.status });
    }
    sessions.set(registration.sessionId, {
      ...registration,
      registeredAt: new Date(),
      status: 'OPEN',
      transactionId: null,
      callbackBody: null,
      callbackAttempts: [],
    });
    sendJson(res, 201, { sessionId: registration.sessionId, status: 'OPEN' });
  }

  function showPaymentPage(res: ServerResponse, sessionId: string, language: PageLanguage): void {
    const session = sessions.get(sessionId);
    if (!session) return sendHtml(res, 404, messagePage(language, TEXT[language].unknownTitle, TEXT[language].unknown), PAGE_CSP);
    if (session.expiresAt.getTime() <= Date.now()) return sendHtml(res, 410, messagePage(language, TEXT[language].expiredTitle, TEXT[language].expired), PAGE_CSP);
    sendHtml(res, 200, paymentPage(session, language), PAGE_CSP);
  }

  async function pay(req: IncomingMessage, res: ServerResponse, sessionId: string, language: PageLanguage): Promise<void> {
    const fromForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const raw = await readBody(req);
    const outcome = parseOutcome(raw, fromForm);
    const refuse = (status: number, title: string, message: string) =>
      fromForm ? sendHtml(res, status, messagePage(language, title, message), PAGE_CSP) : sendJson(res, status, { error: message });

    const session = sessions.get(sessionId);
    if (!session) return refuse(404, TEXT[language].unknownTitle, TEXT[language].unknown);
    if (session.expiresAt.getTime() <= Date.now()) return refuse(410, TEXT[language].expiredTitle, TEXT[language].expired);
    if (!outcome) return refuse(400, TEXT[language].badRequestTitle, 'send {"outcome":"success"} or {"outcome":"failure"}');
    if (session.status !== 'OPEN') return refuse(409, TEXT[language].closedTitle, TEXT[language].closed);

    // decided before the first await, so two clicks cannot both pay
    const now = new Date();
    session.status = outcome === 'success' ? 'PAID' : 'FAILED';
    session.transactionId = newTransactionId(now);
    if (outcome === 'success') ledger.push({ kind: 'PAYMENT', uin: session.uin, transactionId: session.transactionId, amountMinor: session.amountMinor, at: now.toISOString(), status: 'COMPLETED' });
    session.callbackBody = JSON.stringify({
      sessionId: session.sessionId,
      uin: session.uin,
      transactionId: session.transactionId,
      outcome,
      amountMinor: session.amountMinor,
      paidAt: outcome === 'success' ? now.toISOString() : null,
    });
    const callbackStatus = await deliverCallback(session, session.callbackBody);
    if (fromForm) {
      const text = TEXT[language];
      return sendHtml(res, 200, messagePage(language, outcome === 'success' ? text.paidTitle : text.declinedTitle, `${text.transaction}: ${session.transactionId}`), PAGE_CSP);
    }
    sendJson(res, 200, { transactionId: session.transactionId, callbackStatus });
  }

  function registerAccrual(res: ServerResponse, body: Record<string, unknown>): void {
    const { uin, amountMinor, purpose, payerId, callbackUrl } = body;
    if (typeof uin !== 'string' || !UIN.test(uin)) return sendJson(res, 400, { error: 'uin must be 20 digits' });
    if (typeof amountMinor !== 'number' || !Number.isSafeInteger(amountMinor) || amountMinor <= 0) return sendJson(res, 400, { error: 'amountMinor must be a positive whole number of tyiyn' });
    const texts = purpose as Record<string, unknown> | null;
    if (typeof texts !== 'object' || texts === null || typeof texts.ky !== 'string' || typeof texts.ru !== 'string') return sendJson(res, 400, { error: 'purpose must be {"ky": "...", "ru": "..."}' });
    if (typeof payerId !== 'string' || !PIN.test(payerId)) return sendJson(res, 400, { error: 'payerId must be the payer\'s 14-digit PIN or tax number' });
    if (typeof callbackUrl !== 'string' || !/^https?:\/\//.test(callbackUrl)) return sendJson(res, 400, { error: 'callbackUrl must be an http(s) URL' });
    const existing = accruals.get(uin);
    if (existing) {
      if (existing.amountMinor !== amountMinor || existing.payerId !== payerId) return sendJson(res, 409, { error: 'another accrual with this UIN is already registered' });
      return sendJson(res, 200, { uin, status: 'REGISTERED' });
    }
    accruals.set(uin, { uin, amountMinor, purpose: { ky: texts.ky, ru: texts.ru }, payerId, callbackUrl, registeredAt: new Date(), callbackAttempts: [] });
    sendJson(res, 201, { uin, status: 'REGISTERED' });
  }

  function cancelAccrual(res: ServerResponse, body: Record<string, unknown>): void {
    const accrual = typeof body.uin === 'string' ? accruals.get(body.uin) : undefined;
    if (!accrual) return sendJson(res, 404, { error: 'no accrual with this UIN is registered' });
    accrual.cancelledAt ??= new Date();
    sendJson(res, 200, { uin: accrual.uin, status: 'CANCELLED' });
  }

  /** A refund of one payment, once per refund id: the same request again gets the same confirmation. */
  function refund(res: ServerResponse, body: Record<string, unknown>): void {
    const { refundId, uin, paymentTransactionId, amountMinor } = body;
    if (typeof refundId !== 'string' || !UUID.test(refundId)) return sendJson(res, 400, { error: 'refundId must be a UUID' });
    const done = refunds.get(refundId.toLowerCase());
    if (done) return sendSigned(res, 200, done, options.callbackSecret);
    const payment = ledger.find((entry) => entry.kind === 'PAYMENT' && entry.transactionId === paymentTransactionId);
    if (!payment || payment.uin !== uin) return sendJson(res, 404, { error: 'no payment with this transaction id was made for this UIN' });
    if (amountMinor !== payment.amountMinor) return sendJson(res, 400, { error: `amountMinor must be the amount paid, ${payment.amountMinor} tyiyn` });
    if ([...refunds.values()].some((made) => made.paymentTransactionId === payment.transactionId)) return sendJson(res, 409, { error: 'this payment was already refunded under another refund id' });
    const now = new Date();
    const confirmation: RefundConfirmation = {
      refundId: refundId.toLowerCase(),
      uin: payment.uin,
      paymentTransactionId: payment.transactionId,
      refundTransactionId: newTransactionId(now, 'SEPSR'),
      amountMinor: payment.amountMinor,
      status: 'COMPLETED',
      completedAt: now.toISOString(),
    };
    refunds.set(confirmation.refundId, confirmation);
    ledger.push({ kind: 'REFUND', uin: payment.uin, transactionId: confirmation.refundTransactionId, amountMinor: payment.amountMinor, at: confirmation.completedAt, status: 'COMPLETED' });
    sendSigned(res, 200, confirmation, options.callbackSecret);
  }

  function statement(res: ServerResponse, body: Record<string, unknown>): void {
    const day = body.date;
    if (typeof day !== 'string' || !DAY.test(day)) return sendJson(res, 400, { error: 'date must be a day as YYYY-MM-DD (Bishkek time)' });
    const entries = [
      ...ledger.filter((entry) => bishkekDayOf(new Date(entry.at)) === day),
      ...plantedEntries.filter((entry) => entry.day === day).map(({ day: _day, ...entry }) => entry),
    ];
    const secret = statementsSignedValidly ? options.callbackSecret : `${options.callbackSecret}-not-the-shared-secret`;
    sendSigned(res, 200, { date: day, generatedAt: new Date().toISOString(), entries }, secret);
  }

  function plantStatementEntry(res: ServerResponse, body: Record<string, unknown>): void {
    const { uin, amountMinor, kind, status } = body;
    if (typeof uin !== 'string' || !UIN.test(uin) || typeof amountMinor !== 'number') return sendJson(res, 400, { error: 'send {"uin": "<20 digits>", "amountMinor": <tyiyn>, "date"?, "kind"?, "status"?, "transactionId"?}' });
    const at = new Date();
    const entry = {
      day: typeof body.date === 'string' && DAY.test(body.date) ? body.date : bishkekDayOf(at),
      kind: kind === 'REFUND' ? ('REFUND' as const) : ('PAYMENT' as const),
      uin,
      transactionId: typeof body.transactionId === 'string' ? body.transactionId : newTransactionId(at),
      amountMinor,
      at: at.toISOString(),
      status: status === 'REVERSED' ? ('REVERSED' as const) : ('COMPLETED' as const),
    };
    plantedEntries.push(entry);
    sendJson(res, 201, entry);
  }

  /** A payer pays an accrual by its UIN outside the portal (a bank branch); the portal learns it by the signed callback. */
  async function payByUin(res: ServerResponse, body: Record<string, unknown>): Promise<void> {
    const accrual = typeof body.uin === 'string' ? accruals.get(body.uin) : undefined;
    if (!accrual) return sendJson(res, 404, { error: 'no accrual with this UIN is registered with the payment system' });
    if (accrual.cancelledAt) return sendJson(res, 409, { error: 'this accrual was cancelled: nothing is owed, no payment taken' });
    const amountMinor = typeof body.amountMinor === 'number' ? body.amountMinor : accrual.amountMinor;
    const now = new Date();
    const transactionId = newTransactionId(now);
    ledger.push({ kind: 'PAYMENT', uin: accrual.uin, transactionId, amountMinor, at: now.toISOString(), status: 'COMPLETED' });
    const callback = JSON.stringify({ sessionId: null, uin: accrual.uin, transactionId, outcome: 'success', amountMinor, paidAt: now.toISOString() });
    const callbackStatus = await deliverCallback(accrual, callback);
    sendJson(res, 200, { transactionId, callbackStatus });
  }

  const server = await serveStandin('payment-system', { routes, notFound: (_req, res) => sendJson(res, 404, { error: 'not found' }) }, { port: options.port, host });
  const url = server.url;

  return {
    url,
    sessions,
    accruals,
    refunds,
    ledger,
    async close() {
      await server.close();
    },
  };
}

const SIGNED_API: Record<string, 'accruals' | 'cancel' | 'refunds' | 'statements'> = {
  '/api/accruals': 'accruals',
  '/api/accruals/cancel': 'cancel',
  '/api/refunds': 'refunds',
  '/api/statements': 'statements',
};

function parseObject(raw: string | null): Record<string, unknown> | null {
  try {
    const value: unknown = raw === null ? null : JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A JSON answer signed by SEPS (x-seps-signature over the exact bytes sent). */
function sendSigned(res: ServerResponse, status: number, body: unknown, secret: string): void {
  const raw = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', [SEPS_SIGNATURE_HEADER]: signPaymentCallback(raw, secret) });
  res.end(raw);
}

type Registration = Pick<PaymentSystemSession, 'sessionId' | 'uin' | 'amountMinor' | 'purpose' | 'callbackUrl' | 'expiresAt'>;

/** The registration, or what is wrong with it. */
function parseRegistration(raw: string | null): Registration | string {
  let body: unknown;
  try {
    body = raw === null ? null : JSON.parse(raw);
  } catch {
    return 'the body is not JSON';
  }
  if (typeof body !== 'object' || body === null) return 'the body must be a JSON object';
  const { sessionId, uin, amountMinor, purpose, callbackUrl, expiresAt } = body as Record<string, unknown>;
  if (typeof sessionId !== 'string' || !UUID.test(sessionId)) return 'sessionId must be a UUID';
  if (typeof uin !== 'string' || !UIN.test(uin)) return 'uin must be 20 digits';
  if (typeof amountMinor !== 'number' || !Number.isSafeInteger(amountMinor) || amountMinor <= 0) return 'amountMinor must be a positive whole number of tyiyn';
  const texts = purpose as Record<string, unknown> | null;
  if (typeof texts !== 'object' || texts === null || typeof texts.ky !== 'string' || typeof texts.ru !== 'string' || !texts.ky || !texts.ru) {
    return 'purpose must be {"ky": "...", "ru": "..."}';
  }
  let callback: URL;
  try {
    callback = new URL(String(callbackUrl));
  } catch {
    return 'callbackUrl must be an http(s) URL';
  }
  if (typeof callbackUrl !== 'string' || (callback.protocol !== 'http:' && callback.protocol !== 'https:')) return 'callbackUrl must be an http(s) URL';
  const expires = typeof expiresAt === 'string' ? new Date(expiresAt) : new Date(Number.NaN);
  if (Number.isNaN(expires.getTime())) return 'expiresAt must be an ISO-8601 date-time';
  return { sessionId: sessionId.toLowerCase(), uin, amountMinor, purpose: { ky: texts.ky, ru: texts.ru }, callbackUrl, expiresAt: expires };
}

function parseOutcome(raw: string | null, fromForm: boolean): PaymentOutcome | null {
  if (raw === null) return null;
  let outcome: unknown;
  if (fromForm) outcome = new URLSearchParams(raw).get('outcome');
  else {
    try {
      outcome = (JSON.parse(raw) as { outcome?: unknown } | null)?.outcome;
    } catch {
      return null;
    }
  }
  return outcome === 'success' || outcome === 'failure' ? outcome : null;
}

// ------------------------------------------------------------------ the payer's pages

type PageLanguage = 'ky' | 'ru';

const TEXT = {
  ky: {
    system: 'Мамлекеттик электрондук төлөм системасы (сыноо үчүн)',
    title: 'Төлөм',
    uin: 'Эсептөөнүн уникалдуу идентификатору',
    purpose: 'Төлөмдүн максаты',
    amount: 'Сумма',
    validUntil: 'Бул бет иштейт (Бишкек убактысы)',
    choose: 'Төлөмдүн жыйынтыгы (сыноо)',
    success: 'Ийгиликтүү төлөө',
    failure: 'Төлөмдөн баш тартуу',
    submit: 'Тастыктоо',
    otherLanguage: 'Русский',
    unknownTitle: 'Төлөм табылган жок',
    unknown: 'Мындай төлөм сеансы жок. Порталга кайтып, төлөмдү кайра баштаңыз.',
    expiredTitle: 'Төлөмдүн мөөнөтү бүттү',
    expired: 'Бул төлөм сеансынын мөөнөтү бүттү. Порталга кайтып, төлөмдү кайра баштаңыз.',
    closedTitle: 'Төлөм жабылган',
    closed: 'Бул сеанс боюнча жыйынтык катталып калган. Порталга кайтып, төлөмдү кайра баштаңыз.',
    badRequestTitle: 'Туура эмес суроо',
    paidTitle: 'Төлөм кабыл алынды',
    declinedTitle: 'Төлөм четке кагылды',
    transaction: 'Транзакциянын номери',
  },
  ru: {
    system: 'Государственная электронная платёжная система (тестовая)',
    title: 'Оплата',
    uin: 'Уникальный идентификатор начисления',
    purpose: 'Назначение платежа',
    amount: 'Сумма',
    validUntil: 'Страница действует до (время Бишкека)',
    choose: 'Результат платежа (тест)',
    success: 'Оплатить успешно',
    failure: 'Отказаться от оплаты',
    submit: 'Подтвердить',
    otherLanguage: 'Кыргызча',
    unknownTitle: 'Платёж не найден',
    unknown: 'Такого платёжного сеанса нет. Вернитесь на портал и начните оплату заново.',
    expiredTitle: 'Срок оплаты истёк',
    expired: 'Срок этого платёжного сеанса истёк. Вернитесь на портал и начните оплату заново.',
    closedTitle: 'Платёж закрыт',
    closed: 'Результат по этому сеансу уже записан. Вернитесь на портал и начните оплату заново.',
    badRequestTitle: 'Неверный запрос',
    paidTitle: 'Платёж принят',
    declinedTitle: 'Платёж отклонён',
    transaction: 'Номер транзакции',
  },
} as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** 50000 tyiyn -> "500.00 KGS". */
export function formatKgs(amountMinor: number): string {
  return `${Math.floor(amountMinor / 100)}.${String(amountMinor % 100).padStart(2, '0')} KGS`;
}

function bishkekTime(at: Date): string {
  return new Date(at.getTime() + 6 * 60 * 60 * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

/** WCAG 2.1 AA basics: page language, title, headings, labelled controls, visible focus, contrast. */
function layout(language: PageLanguage, title: string, main: string): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${title} — ${TEXT[language].system}`)}</title>
<style>
body { font: 1rem/1.5 system-ui, sans-serif; color: #111; background: #fff; margin: 2rem auto; max-width: 40rem; padding: 0 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
fieldset { border: 1px solid #555; padding: .75rem 1rem; margin: 1rem 0; }
button { font: inherit; padding: .5rem 1.25rem; background: #0b4f8a; color: #fff; border: 0; border-radius: .25rem; cursor: pointer; }
a, button, input { outline-offset: 2px; }
a:focus, button:focus, input:focus { outline: 3px solid #b35900; }
a { color: #0b4f8a; }
</style>
</head>
<body>
<header><p>${escapeHtml(TEXT[language].system)}</p></header>
<main>
<h1>${escapeHtml(title)}</h1>
${main}
</main>
</body>
</html>
`;
}

function paymentPage(session: PaymentSystemSession, language: PageLanguage): string {
  const text = TEXT[language];
  const other: PageLanguage = language === 'ky' ? 'ru' : 'ky';
  const action = `/pay/${encodeURIComponent(session.sessionId)}?lang=${language}`;
  return layout(
    language,
    text.title,
    `<dl>
<dt>${escapeHtml(text.purpose)}</dt><dd>${escapeHtml(session.purpose[language])}</dd>
<dt>${escapeHtml(text.amount)}</dt><dd>${escapeHtml(formatKgs(session.amountMinor))}</dd>
<dt>${escapeHtml(text.uin)}</dt><dd>${escapeHtml(session.uin)}</dd>
<dt>${escapeHtml(text.validUntil)}</dt><dd><time datetime="${session.expiresAt.toISOString()}">${bishkekTime(session.expiresAt)}</time></dd>
</dl>
<form method="post" action="${escapeHtml(action)}">
<fieldset>
<legend>${escapeHtml(text.choose)}</legend>
<div><input type="radio" id="outcome-success" name="outcome" value="success" checked> <label for="outcome-success">${escapeHtml(text.success)}</label></div>
<div><input type="radio" id="outcome-failure" name="outcome" value="failure"> <label for="outcome-failure">${escapeHtml(text.failure)}</label></div>
</fieldset>
<button type="submit">${escapeHtml(text.submit)}</button>
</form>
<p><a href="?lang=${other}" lang="${other}" hreflang="${other}">${escapeHtml(text.otherLanguage)}</a></p>`,
  );
}

function messagePage(language: PageLanguage, title: string, message: string): string {
  return layout(language, title, `<p role="status">${escapeHtml(message)}</p>`);
}

// ------------------------------------------------------------------ HTTP plumbing



