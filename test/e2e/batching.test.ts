import { DEMO_PROVIDERS } from '@portal/kit';
import type { SubgraphName } from '@portal/schema';
import { startTestPlatform, type TestPlatform } from '../support/platform';

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
});
