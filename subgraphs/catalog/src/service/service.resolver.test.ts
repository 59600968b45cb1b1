import { DEMO_PROVIDERS, DEMO_USERS, startTestSubgraph, type TestSubgraph, validateFormDefinition } from '@portal/kit';
import { randomUUID } from 'node:crypto';
import { createCatalogSubgraph, DEMO_SERVICE_IDS } from '../index';
import { DEMO_SERVICES } from '../seed/demo-services';
import { Service } from './service.entity';
import { createServiceVersion } from './service.service';

const NO_CRIMINAL_RECORD = DEMO_SERVICE_IDS.MVD_NO_CRIMINAL_RECORD;
const CITIZEN = { userId: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN' as const] };

let subgraph: TestSubgraph;
const statements: string[] = [];

beforeAll(async () => {
  subgraph = await startTestSubgraph(createCatalogSubgraph(), { seed: true, onQuery: (sql) => statements.push(sql) });
});

afterAll(async () => {
  await subgraph?.close();
});

/** The statements one request sends, by what they read. */
async function countStatements<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  statements.length = 0;
  const result = await run();
  return { result, statements: [...statements] };
}

const SERVICE_FIELDS = `
  id code kind title description category categoryName version publishedAt
  fee { amountMinor currency } budgetCode deadlineWorkingDays
  requiredDocuments { code title obtainedByPortal }
  form { steps { id title fields { name label type required pattern patternHint minLength maxLength min max prefillFrom options { value label } } } }
  automationLevel signatureLevel personalVisitRequired resultDelivery statusCheckMethod appealProcedure
  provider { id code name }`;

describe('public reads', () => {
  it('answers an anonymous caller: services, service by id and by code, providers', async () => {
    const result = await subgraph.request<{
      services: { totalCount: number };
      byId: { code: string; fee: null; signatureLevel: string; provider: { code: string } };
      byCode: { id: string };
      providers: Array<{ id: string; code: string; name: string; services: Array<{ code: string }> }>;
    }>(
      `query($id: ID!) {
        services { totalCount }
        byId: service(id: $id) { ${SERVICE_FIELDS} }
        byCode: service(code: "grs-id-card-replacement") { id }
        providers { id code name services { code } }
      }`,
      { id: NO_CRIMINAL_RECORD },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.services.totalCount).toBe(DEMO_SERVICES.length);
    expect(result.data!.byId).toMatchObject({ code: 'mvd-no-criminal-record', fee: null, signatureLevel: 'SIMPLE', provider: { code: 'MVD' } });
    expect(result.data!.byCode.id).toBe(DEMO_SERVICE_IDS.GRS_ID_CARD_REPLACEMENT);
    expect(result.data!.providers.map((p) => p.code)).toEqual(['BISHKEK_MERIA', 'GRS', 'MINJUST', 'MVD', 'STS']);
    const grs = result.data!.providers.find((p) => p.code === 'GRS')!;
    expect(grs.id).toBe(DEMO_PROVIDERS.GRS);
    expect(grs.services.map((s) => s.code)).toEqual([
      'grs-birth-certificate-duplicate',
      'grs-id-card-replacement',
      'grs-marriage-registration',
      'grs-residence-registration',
    ]);
  });

  it('shows a paid service fee in tyiyn with its budget code', async () => {
    const result = await subgraph.request<{ service: { fee: { amountMinor: number; currency: string }; budgetCode: string } }>(
      `{ service(code: "grs-id-card-replacement") { fee { amountMinor currency } budgetCode } }`,
    );
    expect(result.data!.service).toEqual({ fee: { amountMinor: 50_000, currency: 'KGS' }, budgetCode: '14231200' });
  });

  it('serves a form that passes the form definition rules, with prefill and registry documents', async () => {
    const result = await subgraph.request<{ service: { form: unknown; requiredDocuments: Array<{ code: string; obtainedByPortal: boolean }> } }>(
      `{ service(code: "mvd-no-criminal-record") { form { steps { id title(lang: RU) fields { name label(lang: KY) type required prefillFrom options { value label } } } }
         requiredDocuments { code obtainedByPortal } } }`,
    );
    const form = result.data!.service.form as { steps: Array<{ id: string; title: string; fields: Array<{ name: string; prefillFrom: string | null }> }> };
    expect(form.steps.map((s) => s.id)).toEqual(['applicant', 'purpose']);
    expect(form.steps[0].title).toBe('Заявитель');
    expect(form.steps[0].fields[0]).toMatchObject({ name: 'fullName', prefillFrom: 'user.fullName' });
    expect(result.data!.service.requiredDocuments).toContainEqual({ code: 'passport-data', obtainedByPortal: true });
  });

  it('answers null for an unknown id or code, and for an id that is not a UUID', async () => {
    const result = await subgraph.request(
      `query($id: ID!) { a: service(id: $id) { id } b: service(code: "no-such-service") { id } c: service(id: "42") { id } }`,
      { id: randomUUID() },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ a: null, b: null, c: null });
  });

  it('refuses service() with neither id nor code, or with both', async () => {
    for (const args of ['', `(id: "${NO_CRIMINAL_RECORD}", code: "mvd-no-criminal-record")`]) {
      const result = await subgraph.request(`{ service${args} { id } }`);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toBe('Pass exactly one of "id" or "code" to look up a service.');
    }
  });

  it('lists the categories with their names', async () => {
    const result = await subgraph.request<{ serviceCategories: Array<{ code: string; name: string }> }>(`{ serviceCategories { code name(lang: RU) } }`);
    expect(result.data!.serviceCategories).toContainEqual({ code: 'taxes', name: 'Налоги' });
  });
});

describe('answer language', () => {
  const query = `query($id: ID!) { service(id: $id) { title explicit: title(lang: RU) provider { name } } }`;
  const ky = 'Соттуулугу бар же жок экендиги жөнүндө маалымкат';
  const ru = 'Справка о наличии или отсутствии судимости';

  it('defaults to Kyrgyz', async () => {
    const result = await subgraph.request<{ service: { title: string; explicit: string; provider: { name: string } } }>(query, { id: NO_CRIMINAL_RECORD });
    expect(result.data!.service).toEqual({ title: ky, explicit: ru, provider: { name: 'Кыргыз Республикасынын Ички иштер министрлиги' } });
  });

  it("uses the user's preferred language when the request names none", async () => {
    const result = await subgraph.request<{ service: { title: string } }>(query, { id: NO_CRIMINAL_RECORD }, { ...CITIZEN, preferredLanguage: 'RU' });
    expect(result.data!.service.title).toBe(ru);
  });

  it('prefers Accept-Language over the preference, and the lang argument over both', async () => {
    const result = await subgraph.request<{ service: { title: string; kyTitle: string } }>(
      `query($id: ID!) { service(id: $id) { title kyTitle: title(lang: KY) } }`,
      { id: NO_CRIMINAL_RECORD },
      { ...CITIZEN, preferredLanguage: 'KY', acceptLanguage: 'RU' },
    );
    expect(result.data!.service).toEqual({ title: ru, kyTitle: ky });
  });
});

describe('versions and federation', () => {
  it('reads an exact version with serviceVersion; unknown versions are null', async () => {
    const result = await subgraph.request<{ v1: { version: number; code: string }; v9: null }>(
      `query($id: ID!) { v1: serviceVersion(id: $id, version: 1) { version code } v9: serviceVersion(id: $id, version: 9) { version } }`,
      { id: NO_CRIMINAL_RECORD },
    );
    expect(result.data).toEqual({ v1: { version: 1, code: 'mvd-no-criminal-record' }, v9: null });
  });

  it('refuses a version below 1', async () => {
    const result = await subgraph.request(`query($id: ID!) { serviceVersion(id: $id, version: 0) { id } }`, { id: NO_CRIMINAL_RECORD });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toBe('"version" must be 1 or greater; got 0.');
  });

  it('declares Service with both keys and does not declare the rating owned by applications', async () => {
    const result = await subgraph.request<{ _service: { sdl: string } }>(`{ _service { sdl } }`);
    const sdl = result.data!._service.sdl;
    expect(sdl).toMatch(/type Service\s+@key\(fields: "id"\)\s+@key\(fields: "id version"\)/);
    expect(sdl).toMatch(/type Provider\s+@key\(fields: "id"\)/);
    expect(sdl).not.toMatch(/rating/);
  });

  it('resolves 30 service references with one SQL statement for services, whatever their number', async () => {
    const extraIds = await insertExtraServices(30 - DEMO_SERVICES.length);
    const ids = [...DEMO_SERVICES.map((s) => s.id), ...extraIds];
    const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Service { id code title provider { code name } } } }`;
    const run = (count: number) =>
      countStatements(() =>
        subgraph.request<{ _entities: Array<{ id: string; provider: { code: string } }> }>(query, {
          representations: ids.slice(0, count).map((id) => ({ __typename: 'Service', id })),
        }),
      );

    const thirty = await run(30);
    expect(thirty.result.errors).toBeUndefined();
    expect(thirty.result.data!._entities.map((e) => e.id)).toEqual(ids);
    const serviceSelects = thirty.statements.filter((sql) => /from "catalog"\.service s/.test(sql));
    expect(serviceSelects).toHaveLength(1);

    const three = await run(3);
    expect(three.statements).toHaveLength(thirty.statements.length);
  });

  it('resolves { id, version } references to that exact version, batched', async () => {
    const { result, statements: sent } = await countStatements(() =>
      subgraph.request<{ _entities: Array<{ id: string; version: number } | null> }>(
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Service { id version } } }`,
        {
          representations: [
            { __typename: 'Service', id: NO_CRIMINAL_RECORD, version: 1 },
            { __typename: 'Service', id: DEMO_SERVICE_IDS.STS_NO_TAX_ARREARS_CERTIFICATE, version: 1 },
            { __typename: 'Service', id: NO_CRIMINAL_RECORD, version: 7 },
          ],
        },
      ),
    );
    expect(result.data!._entities).toEqual([{ id: NO_CRIMINAL_RECORD, version: 1 }, { id: DEMO_SERVICE_IDS.STS_NO_TAX_ARREARS_CERTIFICATE, version: 1 }, null]);
    expect(sent).toHaveLength(1);
  });

  it('resolves Provider references', async () => {
    const result = await subgraph.request<{ _entities: Array<{ code: string; name: string }> }>(
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Provider { code name(lang: RU) } } }`,
      { representations: [{ __typename: 'Provider', id: DEMO_PROVIDERS.STS }] },
    );
    expect(result.data!._entities).toEqual([{ code: 'STS', name: 'Государственная налоговая служба при Министерстве финансов Кыргызской Республики' }]);
  });
});

describe('demo seed', () => {
  it('publishes a ServiceVersionPublished event per seeded service through the outbox', async () => {
    await subgraph.drain();
    const rows = await subgraph.orm.em
      .fork()
      .execute<Array<{ aggregate_id: string; payload: { code: string; feeMinor: number | null; budgetCode: string | null; form: unknown } }>>(
        `select aggregate_id, payload from event_bus.event_log where type = 'ServiceVersionPublished' and source = 'catalog'`,
      );
    expect(rows.map((r) => r.aggregate_id).sort()).toEqual(DEMO_SERVICES.map((s) => s.id).sort());
    const idCard = rows.find((r) => r.aggregate_id === DEMO_SERVICE_IDS.GRS_ID_CARD_REPLACEMENT)!;
    expect(idCard.payload).toMatchObject({ code: 'grs-id-card-replacement', feeMinor: 50_000, budgetCode: '14231200' });
    expect(validateFormDefinition(idCard.payload.form)).toEqual([]);
  });

  it('keeps published versions immutable in the database', async () => {
    await expect(
      subgraph.orm.em.fork().execute(`update "catalog".service_version set title_ky = 'x' where service_id = ?`, [NO_CRIMINAL_RECORD]),
    ).rejects.toThrow(/immutable/);
  });
});

/** Extra services straight through the ORM, so a test can reference more than the demo has. */
async function insertExtraServices(count: number): Promise<string[]> {
  const em = subgraph.orm.em.fork();
  const template = DEMO_SERVICES[0];
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = randomUUID();
    ids.push(id);
    em.create(Service, { id, code: `extra-service-${i}`, providerId: DEMO_PROVIDERS.MVD, currentVersion: 1 });
    createServiceVersion(em, {
      serviceId: id,
      version: 1,
      standard: { ...template.standard, title: { ky: `Кошумча кызмат ${i}`, ru: `Дополнительная услуга ${i}` } },
    });
  }
  await em.flush();
  return ids;
}
