import type { EntityManager } from '@mikro-orm/postgresql';
import { DEMO_PROVIDERS, DEMO_USERS, type TestSubgraph, startTestSubgraph } from '@portal/kit';
import { createIdentitySubgraph } from '../subgraph';
import { testIdentityConfig } from '../testing';
import { maintainAccessLogPartitions } from './data-access-partitions';
import { accessLogPageQuery } from './data-access.service';
import { keptSince, monthOf, partitionName } from './data-access-partitions.rules';

const LOG = `query($first: Int, $after: String) { myDataAccessLog(first: $first, after: $after) { edges { cursor node { at purposeCode } } pageInfo { hasNextPage endCursor } } }`;
const AIGUL = { userId: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN' as const] };

describe('access log partitioned by month', () => {
  let identity: TestSubgraph;
  const em = () => identity.orm.em.fork() as unknown as EntityManager;
  const partitions = async () =>
    (await em().execute<Array<{ name: string }>>(`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'identity.data_access_log'::regclass order by 1`)).map((r) => r.name);

  beforeAll(async () => {
    identity = await startTestSubgraph(createIdentitySubgraph(testIdentityConfig({ DATA_ACCESS_LOG_RETENTION_MONTHS: '12' })), { seed: true });
    await identity.drain();
  });
  afterAll(() => identity.close());

  it('has this month and three ahead, and a default partition for any other month', async () => {
    const now = monthOf(new Date());
    const names = await partitions();
    for (let i = 0; i <= 3; i += 1) {
      const index = now.year * 12 + now.month - 1 + i;
      expect(names).toContain(partitionName({ year: Math.floor(index / 12), month: (index % 12) + 1 }));
    }
    expect(names).toContain('data_access_log_default');
  });

  it('moves entries of a month without a partition into it when the job creates it, and drops months past the retention', async () => {
    const insert = (at: string) =>
      em().execute(`insert into identity.data_access_log (subject_user_id, actor_user_id, actor_role, purpose, at) values (?, ?, 'PROVIDER_OFFICER', 'APPLICATION_PROCESSING', ?)`, [
        DEMO_USERS.CITIZEN_BAKYT,
        DEMO_USERS.OFFICER_MVD,
        at,
      ]);
    await insert('2031-02-10T12:00:00Z'); // no partition for 2031 yet: the default partition takes it
    expect(await em().execute(`select count(*)::int as n from identity.data_access_log_default`)).toEqual([{ n: 1 }]);

    const result = await maintainAccessLogPartitions(em(), new Date('2031-01-15T00:00:00Z'), 12);
    expect(result.ran).toBe(true);
    expect(result.created).toEqual(['data_access_log_2031_01', 'data_access_log_2031_02', 'data_access_log_2031_03', 'data_access_log_2031_04']);
    expect(await em().execute(`select count(*)::int as n from identity.data_access_log_default`)).toEqual([{ n: 0 }]);
    expect(await em().execute(`select count(*)::int as n from identity.data_access_log_2031_02`)).toEqual([{ n: 1 }]);
    // every month that ended before January 2030 is gone: this year's partitions among them
    expect(result.dropped).toContain(partitionName(monthOf(new Date())));
    expect((await partitions()).filter((name) => name < 'data_access_log_2030_01' && name !== 'data_access_log_default')).toEqual([]);

    // a second replica, or a second run, has nothing to do
    expect(await maintainAccessLogPartitions(em(), new Date('2031-01-15T00:00:00Z'), 12)).toEqual({ created: [], dropped: [], ran: true });
  });

  it("reads a subject's log through the (subject, at, id) index of the partitions it needs only", async () => {
    // the previous test moved the log to 2031: recreate this year's months and fill a few million-row-like months
    await maintainAccessLogPartitions(em(), new Date(Date.now() - 3 * 31 * 86_400_000), 120);
    await maintainAccessLogPartitions(em(), new Date(), 120);
    await em().execute(
      `insert into identity.data_access_log (subject_user_id, actor_user_id, actor_role, actor_provider_id, purpose, fields, at)
       select case when g % 2 = 0 then ?::uuid else ?::uuid end, ?, 'PROVIDER_OFFICER', ?, 'APPLICATION_PROCESSING', '{pin}', now() - (g % 80) * interval '1 day' - g * interval '1 millisecond'
       from generate_series(1, 200000) g`,
      [DEMO_USERS.CITIZEN_AIGUL, DEMO_USERS.CITIZEN_BAKYT, DEMO_USERS.OFFICER_MVD, DEMO_PROVIDERS.MVD],
    );
    await em().execute('analyze identity.data_access_log');

    const first = await identity.request<{ myDataAccessLog: { edges: Array<{ cursor: string; node: { at: string } }>; pageInfo: { endCursor: string } } }>(LOG, { first: 20 }, AIGUL);
    const pageOne = first.data!.myDataAccessLog;
    expect(pageOne.edges).toHaveLength(20);
    const times = pageOne.edges.map((edge) => Date.parse(edge.node.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const second = await identity.request<{ myDataAccessLog: { edges: Array<{ node: { at: string } }> } }>(LOG, { first: 20, after: pageOne.pageInfo.endCursor }, AIGUL);
    expect(Date.parse(second.data!.myDataAccessLog.edges[0].node.at)).toBeLessThanOrEqual(times[19]);

    const since = keptSince(new Date(), 12);
    const explain = async (cursor: { a: string; i: string } | null) => {
      const query = accessLogPageQuery(DEMO_USERS.CITIZEN_AIGUL, since, cursor, 21);
      return (await em().execute<Array<{ 'QUERY PLAN': string }>>(`explain ${query.sql}`, query.params)).map((row) => row['QUERY PLAN']).join('\n');
    };
    const scanned = (plan: string) => [...plan.matchAll(/on (data_access_log_\d{4}_\d{2})\b/g)].map((match) => match[1]);
    const firstPlan = await explain(null);
    // every monthly partition is read through its (subject, at, id) index, in the page's order (no sort)
    expect(firstPlan).toMatch(/Index (Only )?Scan using data_access_log_\d{4}_\d{2}_subject_user_id_at_id_idx/);
    expect(firstPlan).not.toMatch(/Seq Scan on data_access_log_\d{4}/);
    expect(firstPlan).toMatch(/Merge Append/);
    expect(firstPlan).not.toMatch(/\bSort {2}\(cost/);
    expect(scanned(firstPlan).every((name) => name >= partitionName(monthOf(since)))).toBe(true);

    // a cursor two months back: the newer months are pruned
    const twoMonthsBack = new Date(Date.now() - 62 * 86_400_000);
    const laterPlan = await explain({ a: twoMonthsBack.toISOString(), i: '9223372036854775807' });
    expect(laterPlan).toMatch(/Index (Only )?Scan using data_access_log_\d{4}_\d{2}_subject_user_id_at_id_idx/);
    expect(scanned(laterPlan).length).toBeGreaterThan(0);
    expect(scanned(laterPlan).every((name) => name <= partitionName(monthOf(twoMonthsBack)))).toBe(true);
    expect(scanned(laterPlan).length).toBeLessThan(scanned(firstPlan).length);
  });
});
