/**
 * Least privilege at the payments subgraph: accruals and receipts are the payer's, and the
 * provider's officers' for their own provider's applications; never another citizen's, another
 * provider's or the operator's, whichever way they are asked for (by id, through a representation
 * of an Accrual, an Application or a User), and the receipt download needs its signed, unexpired link.
 */
import { randomUUID } from 'node:crypto';
import { captureLogs, DEMO_PROVIDERS, DEMO_USERS, publishTestEvent, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { type PaymentSystemStandin, startPaymentSystemStandin } from '@portal/standins';
import { NOT_YOUR_ACCRUAL, NOT_YOUR_ACCRUALS } from './accrual/accrual.rules';
import { PAYMENTS_DEV_SECRETS } from './config';
import { ReceiptLinks } from './receipt/receipt-link.rules';
import { createPaymentsSubgraph } from './subgraph';

const SECRET = 'privacy-test-callback-secret';
const AIGUL = DEMO_USERS.CITIZEN_AIGUL;
const aigul = { userId: AIGUL, roles: ['CITIZEN' as const] };
const bakyt = { userId: DEMO_USERS.CITIZEN_BAKYT, roles: ['CITIZEN' as const] };
const mvdOfficer = { userId: DEMO_USERS.OFFICER_MVD, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.MVD };
const grsOfficer = { userId: DEMO_USERS.OFFICER_GRS, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.GRS };
const operator = { userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR' as const] };
const PURPOSE = { ky: 'Төлөм', ru: 'Оплата' };
const PAYER_PIN = '21203199000123';

const RECEIPT_FIELDS = 'id uin payerId receipt { number payerId downloadUrl }';
const BY_ID = `query ($id: ID!) { accrual(id: $id) { ${RECEIPT_FIELDS} } }`;
const ENTITIES = `query ($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on Accrual { ${RECEIPT_FIELDS} }
    ... on Application { id accrual { ${RECEIPT_FIELDS} } }
    ... on User { id accruals { ${RECEIPT_FIELDS} } }
  }
}`;

interface AccrualView {
  id: string;
  payerId: string;
  receipt: { number: string; payerId: string; downloadUrl: string } | null;
}

let standin: PaymentSystemStandin;
let subgraph: TestSubgraph;
const applicationId = randomUUID();
let paid: AccrualView;
/** The subgraph's log lines, kept out of the test output. */
let quiet: ReturnType<typeof captureLogs> | undefined;

async function entities(representations: Array<Record<string, string>>, caller: object) {
  return subgraph.request<{ _entities: unknown[] }>(ENTITIES, { r: representations }, caller);
}

function codes(result: { errors?: Array<{ extensions?: Record<string, unknown> }> }): unknown[] {
  return (result.errors ?? []).map((error) => error.extensions?.code);
}

/** The receipt link as the subgraph under test serves it (its configured base is the default port). */
function served(url: string): URL {
  const link = new URL(url);
  const actual = new URL(subgraph.url);
  link.protocol = actual.protocol;
  link.host = actual.host;
  return link;
}

beforeAll(async () => {
  quiet = captureLogs();
  standin = await startPaymentSystemStandin({ port: 0, callbackSecret: SECRET, retryDelaysMs: [20, 20, 20] });
  const definition = createPaymentsSubgraph({ SEPS_URL: standin.url, SEPS_CALLBACK_SECRET: SECRET });
  subgraph = await startTestSubgraph(definition, { onQuery: () => undefined });
  definition.usePublicUrl(subgraph.url);
  await publishTestEvent(subgraph.databaseUrl, 'ApplicationStatusChanged', { type: 'Application', id: applicationId, version: 3 }, {
    applicationId,
    number: 'KG-2026-000042',
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
    payment: { amountMinor: 50000, payerPin: PAYER_PIN, budgetCode: '14231100', purpose: PURPOSE },
    dueAt: null,
    intakeDueAt: null,
    resultDocumentNumber: null,
  });
  await subgraph.drain();
  const pending = (await entities([{ __typename: 'Application', id: applicationId }], aigul)).data!._entities[0] as { accrual: AccrualView };
  const started = await subgraph.request<{ startPayment: { paymentUrl: string } }>(`mutation ($id: ID!) { startPayment(accrualId: $id) { paymentUrl } }`, { id: pending.accrual.id }, aigul);
  const page = await fetch(started.data!.startPayment.paymentUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'success' }) });
  expect(page.status).toBe(200);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const read = await subgraph.request<{ accrual: AccrualView }>(BY_ID, { id: pending.accrual.id }, aigul);
    if (read.data?.accrual.receipt) {
      paid = read.data.accrual;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(paid?.receipt).not.toBeNull();
});

afterAll(async () => {
  quiet?.stop();
  await subgraph?.close();
  await standin?.close();
});

describe('who is refused an accrual and its receipt', () => {
  it('refuses another citizen, another provider officer and the operator, by id', async () => {
    for (const caller of [bakyt, grsOfficer, operator]) {
      const result = await subgraph.request(BY_ID, { id: paid.id }, caller);
      expect(codes(result)).toEqual(['FORBIDDEN']);
      expect(result.errors![0].message).toBe(NOT_YOUR_ACCRUAL);
      expect(JSON.stringify(result.data)).not.toContain(PAYER_PIN);
    }
  });

  it('refuses them through _entities: an Accrual, an Application and a User representation', async () => {
    for (const caller of [bakyt, grsOfficer, operator]) {
      for (const representation of [{ __typename: 'Accrual', id: paid.id }, { __typename: 'Application', id: applicationId }]) {
        const result = await entities([representation], caller);
        expect({ caller: caller.userId, representation, codes: codes(result) }).toEqual({ caller: caller.userId, representation, codes: ['FORBIDDEN'] });
        expect(JSON.stringify(result.data)).not.toContain(PAYER_PIN);
      }
    }
    // the payer's list of accruals is the payer's alone: not even the provider's officer reads it
    for (const caller of [bakyt, mvdOfficer, operator]) {
      const result = await entities([{ __typename: 'User', id: AIGUL }], caller);
      expect(codes(result)).toEqual(['FORBIDDEN']);
      expect(result.errors![0].message).toBe(NOT_YOUR_ACCRUALS);
    }
  });

  it('asks an anonymous caller to sign in', async () => {
    expect(codes(await entities([{ __typename: 'Accrual', id: paid.id }], {}))).toEqual(['UNAUTHENTICATED']);
  });

  it("shows it to the payer and to the officer of the application's provider", async () => {
    for (const caller of [aigul, mvdOfficer]) {
      const result = await entities([{ __typename: 'Accrual', id: paid.id }], caller);
      expect(result.errors).toBeUndefined();
      expect(result.data!._entities[0]).toMatchObject({ id: paid.id, payerId: PAYER_PIN, receipt: { number: paid.receipt!.number } });
    }
  });
});

describe('the receipt download', () => {
  it('refuses a link without a signature, with a forged one, for another receipt, and an expired one', async () => {
    const link = served(paid.receipt!.downloadUrl);
    const number = paid.receipt!.number;
    const expired = served(new ReceiptLinks({ gatewayUrl: 'http://x', secret: PAYMENTS_DEV_SECRETS.RECEIPT_LINK_SECRET, ttlSeconds: -60 }).urlFor(number, 'RU'));
    const forged = served(new ReceiptLinks({ gatewayUrl: 'http://x', secret: 'guessed-secret' }).urlFor(number, 'RU'));
    const another = new URL(link);
    another.pathname = another.pathname.replace(/\d+$/, (digits) => String(Number(digits) + 1).padStart(digits.length, '0'));
    const bare = new URL(link);
    bare.search = '';
    for (const url of [bare, forged, expired, another]) {
      const response = await fetch(url);
      expect({ url: url.toString(), status: response.status }).toEqual({ url: url.toString(), status: 403 });
      expect(await response.text()).not.toContain(PAYER_PIN);
    }
    const fine = await fetch(link);
    expect(fine.status).toBe(200);
    expect(await fine.text()).toContain(PAYER_PIN);
  });
});
