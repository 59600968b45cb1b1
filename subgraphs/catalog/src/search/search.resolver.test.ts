import { DEMO_PROVIDERS, encodeCursor, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { createCatalogSubgraph, DEMO_SERVICE_IDS } from '../index';
import { DEMO_SERVICES } from '../seed/demo-services';

let subgraph: TestSubgraph;

beforeAll(async () => {
  subgraph = await startTestSubgraph(createCatalogSubgraph(), { seed: true });
});

afterAll(async () => {
  await subgraph?.close();
});

interface Page {
  services: {
    edges: Array<{ cursor: string; node: { id: string; code: string; title: string } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  };
}

const SERVICES = `query($filter: ServiceFilter, $first: Int, $after: String) {
  services(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id code title } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

async function page(variables: Record<string, unknown>, caller = {}): Promise<Page['services']> {
  const result = await subgraph.request<Page>(SERVICES, variables, caller);
  expect(result.errors).toBeUndefined();
  return result.data!.services;
}

const codes = (services: Page['services']) => services.edges.map((edge) => edge.node.code);

async function expectBadInput(variables: Record<string, unknown>, message: string): Promise<void> {
  const result = await subgraph.request(SERVICES, variables);
  expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(result.errors?.[0].message).toBe(message);
}

describe('search', () => {
  it('finds the same service by a Kyrgyz word and by a Russian word', async () => {
    const kyrgyz = await page({ filter: { search: 'соттуулугу' } });
    const russian = await page({ filter: { search: 'судимости' } });
    expect(codes(kyrgyz)).toEqual(['mvd-no-criminal-record']);
    expect(codes(russian)).toEqual(['mvd-no-criminal-record']);
  });

  it('still finds it with a typo in each language (trigram similarity)', async () => {
    expect(codes(await page({ filter: { search: 'судимсти' } }))).toContain('mvd-no-criminal-record');
    expect(codes(await page({ filter: { search: 'саттуулугу' } }))).toContain('mvd-no-criminal-record');
    expect(codes(await page({ filter: { search: 'справка о несудимсти' } }))[0]).toBe('mvd-no-criminal-record');
  });

  it('matches the start of a word and every word of a phrase', async () => {
    expect(codes(await page({ filter: { search: 'паспор' } }))).toEqual(['grs-id-card-replacement']);
    expect(codes(await page({ filter: { search: 'разрешение реклама' } }))).toEqual(['bishkek-outdoor-advertising-permit']);
  });

  it('matches Kyrgyz letters typed as their Russian look-alikes (ө→о, ү→у)', async () => {
    expect(codes(await page({ filter: { search: 'торолгондугу' } }))).toEqual(['grs-birth-certificate-duplicate']);
  });

  it('searches provider names and category names too', async () => {
    const byProvider = await page({ filter: { search: 'налоговая служба' } });
    expect(codes(byProvider).sort()).toEqual(['sts-no-tax-arrears-certificate', 'sts-sole-proprietor-registration', 'sts-taxpayer-registration-certificate']);
    const byCategory = await page({ filter: { search: 'архитектура' } });
    expect(codes(byCategory)).toEqual(expect.arrayContaining(['bishkek-building-permit', 'bishkek-architectural-planning-assignment']));
  });

  it('ranks title matches first', async () => {
    const result = await page({ filter: { search: 'регистрация' } });
    expect(result.totalCount).toBeGreaterThan(2);
    expect(codes(result).slice(0, 4).sort()).toEqual([
      'grs-marriage-registration',
      'grs-residence-registration',
      'minjust-legal-entity-registration',
      'sts-sole-proprietor-registration',
    ]);
  });

  it('finds nothing for unrelated words, with an empty last page', async () => {
    expect(await page({ filter: { search: 'квантовая телепортация' } })).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 });
  });

  it('treats SQL and tsquery syntax as plain text', async () => {
    for (const search of ["'); drop table catalog.service; --", 'паспорт & | ! :* <-> (', '100% _\\ \\\\']) {
      const result = await subgraph.request<Page>(SERVICES, { filter: { search } });
      expect(result.errors).toBeUndefined();
    }
    expect((await page({})).totalCount).toBe(DEMO_SERVICES.length);
  });

  it('lists everything when the search text has no letters or digits', async () => {
    expect((await page({ filter: { search: '  ?!  ' } })).totalCount).toBe(DEMO_SERVICES.length);
  });

  it('refuses search text longer than 200 characters', async () => {
    await expectBadInput({ filter: { search: 'а'.repeat(201) } }, 'filter.search must be at most 200 characters; got 201.');
    expect((await page({ filter: { search: 'паспорт '.repeat(25).slice(0, 200) } })).totalCount).toBe(1);
  });
});

describe('filters', () => {
  it('filters by category, provider and kind, alone and with search', async () => {
    expect(codes(await page({ filter: { category: 'taxes' } })).sort()).toEqual(['sts-no-tax-arrears-certificate', 'sts-taxpayer-registration-certificate']);
    expect((await page({ filter: { providerId: DEMO_PROVIDERS.GRS } })).totalCount).toBe(4);
    expect((await page({ filter: { kind: 'MUNICIPAL' } })).totalCount).toBe(3);
    expect(codes(await page({ filter: { kind: 'OTHER' } }))).toEqual(['minjust-legal-entity-register-extract']);
    expect(codes(await page({ filter: { search: 'справка', providerId: DEMO_PROVIDERS.MVD } }))).toEqual(['mvd-no-criminal-record']);
    expect((await page({ filter: { category: 'no-such-category' } })).totalCount).toBe(0);
  });

  it('refuses a provider id that is not an id', async () => {
    await expectBadInput({ filter: { providerId: 'MVD' } }, 'filter.providerId is not a provider id; got "MVD".');
  });
});

describe('pagination', () => {
  async function allPages(variables: Record<string, unknown>, caller = {}): Promise<{ codes: string[]; pages: number }> {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result = await page({ ...variables, after }, caller);
      pages += 1;
      expect(result.totalCount).toBe(variables.expectedTotal);
      seen.push(...codes(result));
      if (!result.pageInfo.hasNextPage) break;
      expect(result.pageInfo.endCursor).toBe(result.edges[result.edges.length - 1].cursor);
      after = result.pageInfo.endCursor;
    }
    return { codes: seen, pages };
  }

  it('pages through the alphabetical list: every service once, in Kyrgyz title order', async () => {
    const { codes: seen, pages } = await allPages({ first: 5, expectedTotal: DEMO_SERVICES.length });
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(DEMO_SERVICES.map((s) => s.code).sort());
    expect(new Set(seen).size).toBe(DEMO_SERVICES.length);

    const titles = (await page({ first: 100 })).edges.map((edge) => edge.node.title);
    expect(titles).toEqual([...titles].sort(new Intl.Collator('ky').compare));
  });

  it('pages in Russian order for a Russian reader', async () => {
    const list = await page({ first: 100 }, { acceptLanguage: 'RU' });
    const titles = list.edges.map((edge) => edge.node.title);
    expect(titles[0]).toBe('Выдача архитектурно-планировочного задания');
    expect(titles).toEqual([...titles].sort(new Intl.Collator('ru').compare));
    const { codes: seen } = await allPages({ first: 4, expectedTotal: DEMO_SERVICES.length }, { acceptLanguage: 'RU' });
    expect(new Set(seen).size).toBe(DEMO_SERVICES.length);
  });

  it('pages through ranked search results: every match once', async () => {
    const all = await page({ filter: { search: 'справка' }, first: 100 });
    expect(all.totalCount).toBeGreaterThanOrEqual(3);
    const { codes: seen } = await allPages({ filter: { search: 'справка' }, first: 1, expectedTotal: all.totalCount });
    expect(seen).toEqual(codes(all));
  });

  it('refuses a bad cursor, and first of 0 or 1000', async () => {
    const cursorMessage = '"after" is not a cursor this list produced; pass an endCursor from a previous page.';
    await expectBadInput({ after: 'not-a-cursor' }, cursorMessage);
    await expectBadInput({ after: encodeCursor({ l: 'KY', t: 'x', id: 'not-a-uuid' }) }, cursorMessage);
    // a cursor of the alphabetical list means nothing to a search, and the other way round
    const alphabetical = (await page({ first: 1 })).pageInfo.endCursor;
    await expectBadInput({ filter: { search: 'справка' }, after: alphabetical }, cursorMessage);
    await expectBadInput({ after: encodeCursor({ o: 3 }) }, cursorMessage);
    await expectBadInput({ first: 0 }, '"first" must be a whole number from 1 to 100; got 0.');
    await expectBadInput({ first: 1000 }, '"first" must be a whole number from 1 to 100; got 1000.');
  });

  it('answers a page past the end with no edges and the right total', async () => {
    const past = await page({ filter: { search: 'справка' }, after: encodeCursor({ o: 500 }) });
    expect(past.edges).toEqual([]);
    expect(past.totalCount).toBeGreaterThanOrEqual(3);
    expect(past.pageInfo.hasNextPage).toBe(false);
  });

  it('returns full services as nodes', async () => {
    const result = await subgraph.request<{ services: { edges: Array<{ node: { id: string; provider: { code: string }; fee: null } }> } }>(
      `{ services(filter: { search: "соттуулугу" }) { edges { node { id fee { amountMinor } provider { code } } } } }`,
    );
    expect(result.data!.services.edges[0].node).toEqual({ id: DEMO_SERVICE_IDS.MVD_NO_CRIMINAL_RECORD, fee: null, provider: { code: 'MVD' } });
  });
});
