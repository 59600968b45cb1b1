import { type BusEvent, DEMO_PROVIDERS, DEMO_USERS, type TestSubgraph, startTestSubgraph } from '@portal/kit';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createIdentitySubgraph } from '../subgraph';
import { firstError, testIdentityConfig } from '../testing';
import { UserAccount } from '../user/user.entity';
import { DataAccessService } from './data-access.service';

const LOG = `query($first: Int, $after: String) {
  myDataAccessLog(first: $first, after: $after) {
    edges { cursor node { at actor actorRole purpose purposeKy: purpose(lang: KY) purposeCode actorProvider { id } provider { id } fields applicationNumber } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const ENTITIES = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id fullName pin phone } } }';
const PROFILE = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id fullName } } }';
const userRef = (id: string) => ({ __typename: 'User', id });

const AIGUL = { userId: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN' as const], acceptLanguage: 'RU' as const };
const BAKYT = { userId: DEMO_USERS.CITIZEN_BAKYT, roles: ['CITIZEN' as const] };
const OPERATOR = { userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR' as const] };
const OFFICER = { userId: DEMO_USERS.OFFICER_MVD, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.MVD };

interface LogPage {
  myDataAccessLog: {
    edges: Array<{ cursor: string; node: { at: string; actor: string; actorRole: string | null; purpose: string; purposeKy: string; purposeCode: string; actorProvider: { id: string } | null; provider: { id: string } | null; fields: string[]; applicationNumber: string | null } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe('personal-data access log', () => {
  let identity: TestSubgraph;
  let statements: string[] | null = null;
  beforeAll(async () => {
    identity = await startTestSubgraph(createIdentitySubgraph(testIdentityConfig()), { seed: true, onQuery: (sql) => statements?.push(sql) });
  });
  afterAll(() => identity.close());
  /** What identity's projection holds once the applications subgraph announced a submission to the officer's provider. */
  const applyToMvd = (applicantIds: string[]) =>
    identity.orm.em.fork().execute(
      'insert into identity.provider_applicant (provider_id, applicant_id, first_application_id, since) select ?, unnest(?::uuid[]), gen_random_uuid(), now() on conflict do nothing',
      [DEMO_PROVIDERS.MVD, `{${applicantIds.join(',')}}`],
    );

  describe('refused', () => {
    it('myDataAccessLog without signing in', async () => {
      expect(firstError(await identity.request(LOG, {}))).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/Sign in first/) });
    });

    it('a cursor the list did not produce, and a page size out of range', async () => {
      expect(firstError(await identity.request(LOG, { after: 'bm9wZQ' }, AIGUL))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/not a cursor this list produced/) });
      expect(firstError(await identity.request(LOG, { first: 0 }, AIGUL))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/"first" must be/) });
    });

    it('a refused read leaves no record and shows nothing', async () => {
      await identity.request(ENTITIES, { reps: [userRef(DEMO_USERS.CITIZEN_AIGUL)] }, BAKYT);
      const log = await identity.request<LogPage>(LOG, {}, AIGUL);
      expect(log.data!.myDataAccessLog.edges).toEqual([]);
    });
  });

  describe('allowed', () => {
    it("records reads by officers and operators (not one's own), which the owner sees newest first, page by page", async () => {
      expect((await identity.request(ENTITIES, { reps: [userRef(DEMO_USERS.CITIZEN_AIGUL)] }, AIGUL)).errors).toBeUndefined();
      await applyToMvd([DEMO_USERS.CITIZEN_AIGUL]);
      expect((await identity.request(ENTITIES, { reps: [userRef(DEMO_USERS.CITIZEN_AIGUL)] }, OFFICER)).errors).toBeUndefined();
      expect((await identity.request(PROFILE, { reps: [userRef(DEMO_USERS.CITIZEN_AIGUL), userRef(DEMO_USERS.CITIZEN_BAKYT)] }, OPERATOR)).errors).toBeUndefined();
      expect((await identity.request('mutation { blockUser(userId: "' + DEMO_USERS.CITIZEN_AIGUL + '", reason: "check") { id fullName } }', {}, OPERATOR)).errors).toBeUndefined();

      const first = await identity.request<LogPage>(LOG, { first: 2 }, AIGUL);
      expect(first.errors).toBeUndefined();
      const page1 = first.data!.myDataAccessLog;
      const admin = { actor: 'Nurlan Operatorov', actorRole: 'OPERATOR', purpose: 'администрирование портала', purposeKy: 'порталды администрациялоо', purposeCode: 'PORTAL_ADMINISTRATION', actorProvider: null, provider: null, applicationNumber: null };
      expect(page1.edges.map((e) => e.node)).toEqual([
        { at: expect.any(String), ...admin, fields: ['fullName'] },
        // the operator's read of the profile: the name only (running the portal needs no identifiers or contacts)
        { at: expect.any(String), ...admin, fields: ['fullName'] },
      ]);
      expect(page1.pageInfo.hasNextPage).toBe(true);

      const second = await identity.request<LogPage>(LOG, { first: 2, after: page1.pageInfo.endCursor }, AIGUL);
      const page2 = second.data!.myDataAccessLog;
      expect(page2.edges.map((e) => e.node)).toEqual([
        {
          at: expect.any(String),
          actor: 'Azamat Sydykov',
          actorRole: 'PROVIDER_OFFICER',
          purpose: 'рассмотрение заявления поставщиком услуги',
          purposeKy: 'кызмат көрсөтүүчүнүн арызын кароо',
          purposeCode: 'PROVIDER_APPLICATION_PROCESSING',
          actorProvider: { id: DEMO_PROVIDERS.MVD },
          provider: { id: DEMO_PROVIDERS.MVD },
          fields: ['fullName', 'phone', 'pin'],
          applicationNumber: null,
        },
      ]);
      expect(page2.pageInfo).toEqual({ hasNextPage: false, endCursor: page2.edges[0].cursor });

      // Bakyt sees the operator's read of his data, and nothing of Aigul's
      const bakyt = await identity.request<LogPage>(LOG, {}, BAKYT);
      expect(bakyt.data!.myDataAccessLog.edges.map((e) => e.node.actor)).toEqual(['Nurlan Operatorov']);
    });

    it('resolves 20 user references with one SELECT (and one look-up of their applications) and records the 20 reads with one INSERT', async () => {
      const em = identity.orm.em.fork() as unknown as EntityManager;
      const ids: string[] = [];
      for (let day = 1; day <= 20; day++) {
        const account = Object.assign(new UserAccount(), {
          kind: 'INDIVIDUAL' as const,
          pin: `1${String(day).padStart(2, '0')}011990${String(day).padStart(5, '0')}`,
          fullName: `Citizen ${day}`,
          preferredLanguage: 'KY' as const,
          roles: ['CITIZEN' as const],
        });
        em.persist(account);
        ids.push(account.id);
      }
      await em.flush();
      await applyToMvd(ids);

      statements = [];
      const result = await identity.request<{ _entities: Array<{ id: string }> }>(ENTITIES, { reps: ids.map(userRef) }, OFFICER);
      // the outbox relay polls in the background through the same ORM: its statements are not the request's
      const sent = statements.filter((sql) => !/outbox|event_bus|pg_advisory_xact_lock|pg_notify|^\s*(begin|commit|rollback|savepoint|release)\b/i.test(sql));
      statements = null;
      expect(result.errors).toBeUndefined();
      expect(result.data!._entities.map((u) => u.id)).toEqual(ids);
      expect(sent.filter((sql) => /from "?identity"?\."?user_account"?/.test(sql))).toHaveLength(1);
      expect(sent.filter((sql) => /insert into "identity"\."data_access_log"/.test(sql))).toHaveLength(1);
      expect(sent.filter((sql) => /from identity\.provider_applicant/.test(sql))).toHaveLength(1);
      expect(sent).toHaveLength(3);
      const [{ count }] = await em.execute<Array<{ count: string }>>('select count(*) from identity.data_access_log where actor_user_id = ? and subject_user_id in (?)', [DEMO_USERS.OFFICER_MVD, ids]);
      expect(Number(count)).toBe(20);
    });

    it("records an officer's read of a colleague's profile as an official profile read", async () => {
      const GRS_OFFICER = { userId: DEMO_USERS.OFFICER_GRS, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.GRS, acceptLanguage: 'RU' as const };
      expect((await identity.request('query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { fullName } } }', { reps: [userRef(DEMO_USERS.OFFICER_GRS)] }, OFFICER)).errors).toBeUndefined();
      const log = await identity.request<LogPage>(LOG, {}, GRS_OFFICER);
      expect(log.data!.myDataAccessLog.edges.map((e) => e.node)).toEqual([
        expect.objectContaining({ actor: 'Azamat Sydykov', actorRole: 'PROVIDER_OFFICER', purposeCode: 'OFFICIAL_PROFILE', purpose: 'просмотр сведений о сотруднике, работающем с заявлением', fields: ['fullName'] }),
      ]);
    });

    it("takes other subgraphs' reads from their PersonalDataRead events once each, with the application's number", async () => {
      const service = new DataAccessService();
      const applicationId = randomUUID();
      const event = (type: string, payload: Record<string, unknown>, seq: number): BusEvent => ({
        seq,
        eventId: randomUUID(),
        source: 'payments',
        type,
        aggregateType: 'X',
        aggregateId: applicationId,
        aggregateVersion: 1,
        payload,
        occurredAt: new Date(),
      });
      const em = identity.orm.em.fork() as unknown as EntityManager;
      await em.transactional((tx) => service.consume(tx, event('ApplicationStatusChanged', { applicationId, number: 'KG-2026-009999', to: 'AWAITING_PAYMENT' }, 1)));
      const read = event('PersonalDataRead', {
        subjectUserId: DEMO_USERS.CITIZEN_BAKYT,
        actorUserId: DEMO_USERS.OFFICER_MVD,
        actorRole: 'PROVIDER_OFFICER',
        actorProviderId: DEMO_PROVIDERS.MVD,
        purpose: 'PROVIDER_APPLICATION_PROCESSING',
        fields: ['accrual.payerId', 'receipt.payerId'],
        applicationId,
        applicationNumber: null,
        operation: 'accrual',
        requestId: 'r-1',
        at: new Date().toISOString(),
      }, 2);
      await em.transactional((tx) => service.consume(tx, read));
      await em.transactional((tx) => service.consume(tx, read)); // delivered again: kept once
      // a subject identity does not know is skipped, not a stuck consumer
      await em.transactional((tx) => service.consume(tx, { ...read, eventId: randomUUID(), payload: { ...read.payload, subjectUserId: randomUUID() } }));

      const log = await identity.request<LogPage>(LOG, {}, { ...BAKYT, acceptLanguage: 'KY' as const });
      expect(log.errors).toBeUndefined();
      expect(log.data!.myDataAccessLog.edges[0].node).toEqual({
        at: expect.any(String),
        actor: 'Azamat Sydykov',
        actorRole: 'PROVIDER_OFFICER',
        purpose: 'кызмат көрсөтүүчүнүн арызын кароо',
        purposeKy: 'кызмат көрсөтүүчүнүн арызын кароо',
        purposeCode: 'PROVIDER_APPLICATION_PROCESSING',
        actorProvider: { id: DEMO_PROVIDERS.MVD },
        provider: { id: DEMO_PROVIDERS.MVD },
        fields: ['accrual.payerId', 'receipt.payerId'],
        applicationNumber: 'KG-2026-009999',
      });
      expect(log.data!.myDataAccessLog.edges.filter((e) => e.node.fields.includes('receipt.payerId'))).toHaveLength(1);
    });
  });
});
