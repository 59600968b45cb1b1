import { DEMO_PROVIDERS } from '@portal/kit';
import type { SubgraphName } from '@portal/schema';
import { BIRTH_CERTIFICATE_DUPLICATE, submitApplication } from '../support/journey';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { registerSimpleSigner } from '../support/signing';

const PAGE = `query($first: Int) {
  services(first: $first) {
    totalCount
    edges { node { id title(lang: RU) provider { id name(lang: KY) } rating { average count } } }
  }
}`;

const text = (ru: string) => ({ ky: `${ru} (кырг.)`, ru });

/** Publishes extra services through the real proposal flow so a page can hold 50 of them. */
async function publishServices(platform: TestPlatform, operator: string, count: number): Promise<void> {
  const providers = Object.values(DEMO_PROVIDERS);
  for (let i = 0; i < count; i += 1) {
    const proposed = await platform.gql(
      `mutation($input: ServiceChangeInput!) { proposeServiceChange(input: $input) { id } }`,
      {
        input: {
          code: `batch-test-service-${i}`,
          providerId: providers[i % providers.length],
          kind: 'STATE',
          title: text(`Тестовая услуга ${i}`),
          description: text('Услуга для проверки пакетной загрузки'),
          category: 'taxes',
          requiredDocuments: [],
          form: { steps: [{ id: 'main', title: text('Сведения'), fields: [{ name: 'note', label: text('Примечание'), type: 'TEXT', required: false }] }] },
          automationLevel: 'FULL',
          signatureLevel: 'SIMPLE',
          personalVisitRequired: false,
          resultDelivery: 'PORTAL',
          statusCheckMethod: text('В личном кабинете'),
          appealProcedure: text('В вышестоящий орган или в суд'),
        },
      },
      { token: operator },
    );
    if (!proposed.data?.proposeServiceChange) throw new Error(JSON.stringify(proposed.errors));
    const published = await platform.gql(`mutation($id: ID!) { publishServiceChange(proposalId: $id) { id } }`, { id: proposed.data.proposeServiceChange.id }, { token: operator });
    if (!published.data?.publishServiceChange) throw new Error(JSON.stringify(published.errors));
  }
}

describe('batching across subgraphs (no N+1)', () => {
  const statements: Array<{ subgraph: SubgraphName; sql: string }> = [];
  let recording = false;
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform({ onQuery: (subgraph, sql) => recording && statements.push({ subgraph, sql }) });
    const operator = await platform.login('operator@portal.kg', 'Operator2026!');
    await publishServices(platform, operator, 40);
  });
  afterAll(async () => {
    await platform?.close();
  });

  async function countStatements(first: number) {
    statements.length = 0;
    recording = true;
    const response = await platform.gql(PAGE, { first });
    recording = false;
    expect(response.errors).toBeUndefined();
    expect(response.data.services.edges).toHaveLength(first);
    for (const { node } of response.data.services.edges) {
      expect(node.provider.name).toBeTruthy();
      expect(node.rating.count).toBeGreaterThanOrEqual(0);
    }
    const bySubgraph: Record<string, number> = {};
    for (const { subgraph } of statements) bySubgraph[subgraph] = (bySubgraph[subgraph] ?? 0) + 1;
    return bySubgraph;
  }

  it('resolves 50 services, their providers and ratings with as many SQL statements as 10 do', async () => {
    const ten = await countStatements(10);
    const fifty = await countStatements(50);
    expect(fifty).toEqual(ten);
    // ratings come from the applications subgraph in one batched statement
    expect(fifty.applications).toBe(1);
    expect(fifty.catalog).toBeLessThanOrEqual(4);
  });

  it("resolves an officer's queue page of 100 applications with applicant, service and accrual with as many SQL statements as 50 do", async () => {
    const citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
    const officer = await platform.login('officer.grs@portal.kg', 'Officer2026!');
    const signer = await registerSimpleSigner(platform, citizen);
    const data = { issuedFor: 'self', personFullName: 'Асанова Айгуль Маратовна', personBirthDate: '1990-05-15', reason: 'lost', registryOffice: 'bishkek' };
    const submitted = await submitApplication(platform, { token: citizen, signer }, BIRTH_CERTIFICATE_DUPLICATE, data);
    await platform.ok('mutation($id: ID!) { acceptApplication(applicationId: $id) { id } }', { id: submitted.id }, officer);
    await platform.settle();
    // 109 more like it, copied in the database: the same applicant, service and provider, no accrual of their own;
    // their ids sort after the original's, so the original (with the accrual) is on every page the queue orders by (due, id)
    await platform.subgraphs.applications.orm.em.fork().execute(
      `insert into applications.application
       select (jsonb_populate_record(null::applications.application, to_jsonb(a) || jsonb_build_object('id', ('ffffffff-ffff-4fff-8fff-' || lpad(g::text, 12, '0'))::uuid, 'number', a.number || '-' || g))).*
       from applications.application a, generate_series(1, 109) g where a.id = ?`,
      [submitted.id],
    );
    const queue = (first: number) =>
      `query { applicationQueue(first: ${first}, filter: { status: [AWAITING_PAYMENT] }) { totalCount edges { node { number applicant { fullName pin } service { title } accrual { status uin } } } } }`;
    const count = async (first: number) => {
      statements.length = 0;
      recording = true;
      const page = await platform.ok(queue(first), {}, officer);
      recording = false;
      expect(page.applicationQueue.edges).toHaveLength(first);
      expect(page.applicationQueue.edges.every((e: { node: { applicant: { pin: string } | null; service: { title: string } | null } }) => e.node.applicant?.pin && e.node.service?.title)).toBe(true);
      expect(page.applicationQueue.edges.filter((e: { node: { accrual: unknown } }) => e.node.accrual)).toHaveLength(1);
      const bySubgraph: Record<string, number> = {};
      for (const { subgraph } of statements) bySubgraph[subgraph] = (bySubgraph[subgraph] ?? 0) + 1;
      return bySubgraph;
    };
    const fifty = await count(50);
    const hundred = await count(100);
    expect(hundred).toEqual(fifty);
    expect(Object.values(hundred).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(12);
  });
});
