import { randomUUID } from 'node:crypto';
import { DEMO_PROVIDERS, DEMO_USERS, readPdf, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { ReceiptEntity } from '../receipt/receipt.entity';
import { createPaymentsSubgraph } from '../subgraph';
import { AccrualEntity } from './accrual.entity';
import { makeUin } from './uin.rules';

const AIGUL = DEMO_USERS.CITIZEN_AIGUL;
const BAKYT = DEMO_USERS.CITIZEN_BAKYT;
const aigul = { userId: AIGUL, roles: ['CITIZEN' as const] };
const operator = { userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR' as const] };

const ACCRUAL_FIELDS = `id uin payerId amount { amountMinor currency } purpose status paidAt
  receipt { number paidAt amount { amountMinor currency } uin payerId paymentSystemTransactionId downloadUrl }`;
const USER_ACCRUALS = `
  query UserAccruals($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on User { id accruals { ${ACCRUAL_FIELDS} } } }
  }`;
const ACCRUAL = `query Accrual($id: ID!, $lang: Language) { accrual(id: $id) { id uin purpose(lang: $lang) status } }`;
const ACCRUAL_ENTITY = `
  query AccrualEntity($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on Accrual { id uin } }
  }`;
const users = (...ids: string[]) => ({ representations: ids.map((id) => ({ __typename: 'User', id })) });

const paidAccrualId = randomUUID();
const pendingAccrualId = randomUUID();
const bakytAccrualId = randomUUID();
const paidAt = new Date('2026-11-20T08:30:00.000Z');
const executed: string[] = [];
const uins = new Map<string, string>();
/** A valid UIN per accrual id, stable within the run. */
function uinOf(id: string): string {
  if (!uins.has(id)) uins.set(id, makeUin({ issuerCode: '1423', date: new Date('2026-11-19T10:00:00Z'), sequence: uins.size + 1 }));
  return uins.get(id)!;
}
let subgraph: TestSubgraph;

function accrual(id: string, payerId: string, overrides: Partial<AccrualEntity>): AccrualEntity {
  return Object.assign(new AccrualEntity(), {
    id,
    uin: uinOf(id),
    applicationId: randomUUID(),
    providerId: DEMO_PROVIDERS.MVD,
    payerId,
    payerPin: payerId === AIGUL ? '21203199000123' : '11505198500456',
    amountMinor: 50000,
    purposeKy: 'Соттолбогондугу жөнүндө справка үчүн төлөм',
    purposeRu: 'Оплата справки о несудимости',
    budgetCode: '14231100',
    ...overrides,
  });
}

beforeAll(async () => {
  subgraph = await startTestSubgraph(createPaymentsSubgraph({ PUBLIC_GATEWAY_URL: 'https://portal.test', RECEIPT_LINK_SECRET: 'test-receipt-secret' }), {
    onQuery: (sql) => executed.push(sql),
  });
  const em = subgraph.orm.em.fork();
  const paid = accrual(paidAccrualId, AIGUL, { status: 'PAID', paidAt, createdAt: new Date('2026-11-19T10:00:00Z') });
  em.persist(paid);
  em.persist(Object.assign(new ReceiptEntity(), { number: 'R-2026-000001', accrual: paid, transactionId: 'ELSOM-7781', paidAt, amountMinor: 50000 }));
  em.persist(accrual(pendingAccrualId, AIGUL, { amountMinor: 12000, createdAt: new Date('2026-11-21T10:00:00Z') }));
  em.persist(accrual(bakytAccrualId, BAKYT, { createdAt: new Date('2026-11-21T11:00:00Z') }));
  await em.flush();
});

afterAll(async () => {
  await subgraph?.close();
});

describe('who may read accruals', () => {
  it("refuses another user's accruals", async () => {
    const result = await subgraph.request(USER_ACCRUALS, users(BAKYT), aigul);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect(result.errors![0].message).toBe('You can see only your own accruals and receipts.');
    expect(result.data).toEqual({ _entities: [null] });
  });

  it('refuses other users accruals to operators too', async () => {
    const result = await subgraph.request(USER_ACCRUALS, users(AIGUL), operator);
    expect(result.errors![0].extensions?.code).toBe('FORBIDDEN');
  });

  it('asks anonymous callers to sign in', async () => {
    const result = await subgraph.request(USER_ACCRUALS, users(AIGUL));
    expect(result.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors![0].message).toBe('Sign in first: this operation needs a valid access token.');
  });

  it("refuses another user's accrual by id, through the query and through _entities", async () => {
    const byQuery = await subgraph.request(ACCRUAL, { id: bakytAccrualId }, aigul);
    expect(byQuery.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect(byQuery.data).toEqual({ accrual: null });

    const byEntities = await subgraph.request(ACCRUAL_ENTITY, { representations: [{ __typename: 'Accrual', id: bakytAccrualId }] }, aigul);
    expect(byEntities.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect(byEntities.data).toEqual({ _entities: [null] });
  });

  it('asks anonymous callers to sign in before looking up an accrual', async () => {
    const result = await subgraph.request(ACCRUAL, { id: pendingAccrualId });
    expect(result.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('User.accruals', () => {
  it("lists the user's own accruals newest first, with the receipt of the paid one", async () => {
    const result = await subgraph.request<{ _entities: Array<{ accruals: Array<Record<string, unknown>> }> }>(USER_ACCRUALS, users(AIGUL), aigul);
    expect(result.errors).toBeUndefined();
    const [pending, paid] = result.data!._entities[0].accruals;
    expect(result.data!._entities[0].accruals).toHaveLength(2);
    expect(pending).toMatchObject({
      id: pendingAccrualId,
      status: 'PENDING',
      paidAt: null,
      receipt: null,
      amount: { amountMinor: 12000, currency: 'KGS' },
      purpose: 'Соттолбогондугу жөнүндө справка үчүн төлөм',
    });
    expect(paid).toMatchObject({
      id: paidAccrualId,
      uin: uinOf(paidAccrualId),
      payerId: '21203199000123',
      status: 'PAID',
      paidAt: '2026-11-20T08:30:00.000Z',
      receipt: {
        number: 'R-2026-000001',
        paidAt: '2026-11-20T08:30:00.000Z',
        amount: { amountMinor: 50000, currency: 'KGS' },
        uin: uinOf(paidAccrualId),
        payerId: '21203199000123',
        paymentSystemTransactionId: 'ELSOM-7781',
      },
    });
    expect((paid.receipt as { downloadUrl: string }).downloadUrl).toMatch(/^https:\/\/portal\.test\/files\/payments\/receipts\/R-2026-000001\?lang=ky&expires=\d+&signature=/);
  });

  it('answers in the Accept-Language of the request', async () => {
    const result = await subgraph.request<{ _entities: Array<{ accruals: Array<{ purpose: string }> }> }>(USER_ACCRUALS, users(AIGUL), {
      ...aigul,
      acceptLanguage: 'RU',
    });
    expect(result.data!._entities[0].accruals[0].purpose).toBe('Оплата справки о несудимости');
  });

  it('loads accruals and their receipts with one query', async () => {
    executed.length = 0;
    const result = await subgraph.request(USER_ACCRUALS, users(AIGUL), aigul);
    expect(result.errors).toBeUndefined();
    expect(executed).toHaveLength(1);
  });

  it('is empty for a user who owes nothing', async () => {
    const someone = randomUUID();
    const result = await subgraph.request(USER_ACCRUALS, users(someone), { userId: someone });
    expect(result.data).toEqual({ _entities: [{ id: someone, accruals: [] }] });
  });
});

describe('Query.accrual', () => {
  it('returns an own accrual in the asked language', async () => {
    const result = await subgraph.request(ACCRUAL, { id: pendingAccrualId, lang: 'RU' }, aigul);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      accrual: { id: pendingAccrualId, uin: uinOf(pendingAccrualId), purpose: 'Оплата справки о несудимости', status: 'PENDING' },
    });
  });

  it('is null for an unknown id', async () => {
    for (const id of [randomUUID(), 'not-an-id']) {
      const result = await subgraph.request(ACCRUAL, { id }, aigul);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ accrual: null });
    }
  });

  it('resolves an own Accrual reference', async () => {
    const result = await subgraph.request(ACCRUAL_ENTITY, { representations: [{ __typename: 'Accrual', id: paidAccrualId }] }, aigul);
    expect(result.data).toEqual({ _entities: [{ id: paidAccrualId, uin: uinOf(paidAccrualId) }] });
  });
});

describe('receipt download', () => {
  async function downloadUrl(lang: 'KY' | 'RU'): Promise<URL> {
    const result = await subgraph.request<{ _entities: Array<{ accruals: Array<{ receipt: { downloadUrl: string } | null }> }> }>(
      USER_ACCRUALS,
      users(AIGUL),
      { ...aigul, acceptLanguage: lang },
    );
    const link = new URL(result.data!._entities[0].accruals[1].receipt!.downloadUrl);
    // the link is at the gateway's origin; the subgraph serves the same path
    return new URL(`${link.pathname}${link.search}`, subgraph.url);
  }

  it('refuses a link with a forged signature', async () => {
    const url = await downloadUrl('KY');
    url.searchParams.set('signature', 'forged');
    const response = await fetch(url);
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/шилтемеси жараксыз же мөөнөтү бүттү/);
    url.searchParams.set('lang', 'ru');
    expect(await (await fetch(url)).text()).toMatch(/^Ссылка на квитанцию недействительна или её срок истёк/);
  });

  it('refuses a link signed for another receipt', async () => {
    const url = await downloadUrl('KY');
    url.pathname = '/files/payments/receipts/R-2026-000002';
    expect((await fetch(url)).status).toBe(403);
  });

  it('serves the printable receipt with the accrual and payer identifiers', async () => {
    const response = await fetch(await downloadUrl('RU'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('Квитанция об оплате');
    expect(html).toContain(uinOf(paidAccrualId));
    expect(html).toContain('21203199000123');
    expect(html).toContain('500.00 KGS');
    expect(html).toContain('2026-11-20 14:30');
  });

  it('serves the receipt as an accessible PDF and as JSON, refusing an unknown format', async () => {
    const url = await downloadUrl('KY');
    url.searchParams.set('format', 'pdf');
    const pdfResponse = await fetch(url);
    expect(pdfResponse.status).toBe(200);
    expect(pdfResponse.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await pdfResponse.arrayBuffer());
    expect(pdf.toString('latin1')).toContain('/Lang (ky)');
    expect(pdf.toString('latin1')).toContain('/StructTreeRoot');
    const reading = await readPdf(pdf);
    expect(reading.title).toMatch(/^Төлөм квитанциясы R-2026-/);
    expect(reading.text).toContain(uinOf(paidAccrualId));
    expect(reading.text).toContain('Эсептөөнүн уникалдуу идентификатору');

    url.searchParams.set('format', 'json');
    const json = (await (await fetch(url)).json()) as Record<string, unknown>;
    expect(json).toMatchObject({ kind: 'PAYMENT', uin: uinOf(paidAccrualId), payerId: '21203199000123', amount: { amountMinor: 50000, currency: 'KGS' }, paidAt: '2026-11-20T08:30:00.000Z' });

    url.searchParams.set('format', 'docx');
    const refused = await fetch(url);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Белгисиз формат');
  });

  it('asks for the format and language in GraphQL', async () => {
    const result = await subgraph.request<{ _entities: Array<{ accruals: Array<{ receipt: { downloadUrl: string } | null }> }> }>(
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { accruals { receipt { downloadUrl(format: PDF, lang: RU) } } } } }`,
      users(AIGUL),
      aigul,
    );
    const link = new URL(result.data!._entities[0].accruals[1].receipt!.downloadUrl);
    expect(link.searchParams.get('format')).toBe('pdf');
    expect(link.searchParams.get('lang')).toBe('ru');
  });
});

describe('reads of the payer’s data by others are recorded', () => {
  const mvdOfficer = { userId: DEMO_USERS.OFFICER_MVD, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.MVD };
  const grsOfficer = { userId: DEMO_USERS.OFFICER_GRS, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.GRS };
  const READ = `query($id: ID!) { accrual(id: $id) { id payerId receipt { payerId downloadUrl } } }`;
  const recorded = async () =>
    (await subgraph.orm.em.fork().execute<Array<{ payload: Record<string, unknown> }>>(`select payload from payments.outbox where type = 'PersonalDataRead' order by id`)).map((row) => row.payload);

  it("by the provider's officer: who, why and which fields, for the application", async () => {
    const before = (await recorded()).length;
    const read = await subgraph.request<{ accrual: { payerId: string } }>(READ, { id: paidAccrualId }, mvdOfficer);
    expect(read.errors).toBeUndefined();
    expect(read.data!.accrual.payerId).toBe('21203199000123');
    const added = (await recorded()).slice(before);
    expect(added.map((entry) => entry.fields).flat().sort()).toEqual(['accrual.payerId', 'receipt.downloadUrl', 'receipt.payerId']);
    for (const entry of added) {
      expect(entry).toMatchObject({ subjectUserId: AIGUL, actorUserId: DEMO_USERS.OFFICER_MVD, actorRole: 'PROVIDER_OFFICER', actorProviderId: DEMO_PROVIDERS.MVD, purpose: 'PROVIDER_APPLICATION_PROCESSING', operation: 'accrual' });
      expect(entry.applicationId).toEqual(expect.any(String));
    }
  });

  it('by the payer, or refused to an officer of another provider: nothing recorded', async () => {
    const before = (await recorded()).length;
    expect((await subgraph.request(READ, { id: paidAccrualId }, aigul)).errors).toBeUndefined();
    const refused = await subgraph.request(READ, { id: paidAccrualId }, grsOfficer);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await recorded()).toHaveLength(before);
  });
});
