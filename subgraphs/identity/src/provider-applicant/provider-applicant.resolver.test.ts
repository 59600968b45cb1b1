import { randomUUID } from 'node:crypto';
import { DEMO_PROVIDERS, DEMO_USERS, type EventPayloads, publishTestEvent, type TestSubgraph, startTestSubgraph } from '@portal/kit';
import { createIdentitySubgraph } from '../subgraph';
import { firstError, testIdentityConfig } from '../testing';

/**
 * Identity decides itself who may read a person's account, for every User it serves through
 * `_entities` (the second line of defence behind the applications subgraph): an officer only the
 * applicants of their own provider, from a projection of the applications' events.
 */
const PERSONAL = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id fullName pin birthDate address email phone } } }';
const PROFILE = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id fullName roles blocked provider { id } } } }';
const userRef = (id: string) => ({ __typename: 'User', id });

const RU = { acceptLanguage: 'RU' as const };
const officer = (userId: string, providerId: string | null) => ({ userId, roles: ['PROVIDER_OFFICER' as const], providerId, ...RU });
const MVD_OFFICER = officer(DEMO_USERS.OFFICER_MVD, DEMO_PROVIDERS.MVD);
const MVD_EXECUTOR = officer(DEMO_USERS.EXECUTOR_MVD, DEMO_PROVIDERS.MVD);
const GRS_OFFICER = officer(DEMO_USERS.OFFICER_GRS, DEMO_PROVIDERS.GRS);
const STS_OFFICER = officer(DEMO_USERS.OFFICER_STS, DEMO_PROVIDERS.STS);
const AIGUL = { userId: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN' as const], ...RU };
const BAKYT = { userId: DEMO_USERS.CITIZEN_BAKYT, roles: ['CITIZEN' as const], ...RU };
const OPERATOR = { userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR' as const], ...RU };

const statusChange = (applicantId: string, providerId: string, from: string | null, to: string): EventPayloads['ApplicationStatusChanged'] => ({
  applicationId: randomUUID(),
  number: to === 'DRAFT' ? null : 'KG-2026-000777',
  applicantId,
  providerId,
  serviceId: randomUUID(),
  serviceVersion: 1,
  serviceTitle: { ky: 'Кызмат', ru: 'Услуга' },
  from,
  to,
  at: new Date().toISOString(),
  reason: null,
  appealProcedure: null,
  payment: null,
  dueAt: null,
  intakeDueAt: null,
  resultDocumentNumber: null,
});

describe("who may read a person's account, decided by identity itself", () => {
  let identity: TestSubgraph;
  beforeAll(async () => {
    identity = await startTestSubgraph(createIdentitySubgraph(testIdentityConfig()), { seed: true });
    // Aigul has a draft with MVD and a submitted application with GRS; Bakyt applied to nobody.
    const draft = statusChange(DEMO_USERS.CITIZEN_AIGUL, DEMO_PROVIDERS.MVD, null, 'DRAFT');
    await publishTestEvent(identity.databaseUrl, 'ApplicationStatusChanged', { type: 'Application', id: draft.applicationId, version: 1 }, draft);
    const submitted = statusChange(DEMO_USERS.CITIZEN_AIGUL, DEMO_PROVIDERS.GRS, 'DRAFT', 'SUBMITTED');
    await publishTestEvent(identity.databaseUrl, 'ApplicationStatusChanged', { type: 'Application', id: submitted.applicationId, version: 2 }, submitted);
    await identity.drain();
  });
  afterAll(() => identity?.close());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => identity.orm.em.fork().execute<T[]>(query, params);
  const read = (query: string, ids: string[], caller: object) => identity.request<{ _entities: Array<Record<string, unknown> | null> }>(query, { reps: ids.map(userRef) }, caller);

  describe('refused', () => {
    it('an officer of another provider than the one the person applied to, even for the name', async () => {
      for (const query of [PERSONAL, PROFILE]) {
        const result = await read(query, [DEMO_USERS.CITIZEN_AIGUL], MVD_OFFICER);
        expect(result.data).toEqual({ _entities: [null] });
        expect(firstError(result)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/учётную запись человека видят только сотрудники поставщиков, в которые он подал заявление/) });
      }
    });

    it('an officer of the provider of a draft only (the provider never received it)', async () => {
      const rows = await sql('select provider_id from identity.provider_applicant where applicant_id = ?', [DEMO_USERS.CITIZEN_AIGUL]);
      expect(rows).toEqual([{ provider_id: DEMO_PROVIDERS.GRS }]);
      expect(firstError(await read(PERSONAL, [DEMO_USERS.CITIZEN_AIGUL], MVD_EXECUTOR)).code).toBe('FORBIDDEN');
    });

    it('an officer with no relation to the person at all, and an officer without a provider', async () => {
      for (const caller of [STS_OFFICER, officer(DEMO_USERS.OFFICER_STS, null)]) {
        const result = await read(PERSONAL, [DEMO_USERS.CITIZEN_BAKYT, DEMO_USERS.CITIZEN_AIGUL], caller);
        expect(result.data).toEqual({ _entities: [null, null] });
        expect(result.errors!.map((e) => e.extensions!.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      }
    });

    it('a citizen asking for another citizen, in Kyrgyz by default', async () => {
      const result = await read(PROFILE, [DEMO_USERS.CITIZEN_AIGUL], { userId: DEMO_USERS.CITIZEN_BAKYT, roles: ['CITIZEN'] });
      expect(result.data).toEqual({ _entities: [null] });
      expect(firstError(result)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/Сиз өз аккаунтуңузду гана көрө аласыз/) });
    });

    it("an officer asking for a colleague's or another officer's identifiers and contacts: official profile only", async () => {
      const result = await read(PERSONAL, [DEMO_USERS.EXECUTOR_MVD, DEMO_USERS.OFFICER_GRS], MVD_OFFICER);
      expect(result.data).toEqual({ _entities: [null, null] });
      // each refused personal field answers FORBIDDEN (they resolve in parallel), for both accounts
      expect(new Set(result.errors!.map((e) => e.extensions!.code))).toEqual(new Set(['FORBIDDEN']));
      expect(new Set(result.errors!.map((e) => e.path![1]))).toEqual(new Set([0, 1]));
      expect(result.errors![0].message).toMatch(/ПИН, дату рождения, адрес и контакты человека видят только он сам/);
    });

    it.each(['pin', 'birthDate', 'address', 'email', 'phone'])("the operator asking for a person's %s: running the portal does not need it", async (field) => {
      const result = await read(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id ${field} } } }`, [DEMO_USERS.CITIZEN_BAKYT], OPERATOR);
      // pin is non-null, so the whole entity goes; a nullable field alone is nulled
      expect(result.data!._entities[0]?.[field] ?? null).toBeNull();
      expect(firstError(result)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/ПИН, дату рождения, адрес и контакты/) });
      expect(result.errors![0].path).toContain(field);
    });

    it("a citizen asking for an officer's identifiers", async () => {
      expect(firstError(await read(PERSONAL, [DEMO_USERS.OFFICER_GRS], AIGUL)).code).toBe('FORBIDDEN');
    });
  });

  describe('allowed', () => {
    it('an officer of the provider the person applied to: the personal fields', async () => {
      const result = await read(PERSONAL, [DEMO_USERS.CITIZEN_AIGUL], GRS_OFFICER);
      expect(result.errors).toBeUndefined();
      expect(result.data!._entities).toEqual([
        { id: DEMO_USERS.CITIZEN_AIGUL, fullName: 'Aigul Asanova', pin: '11505199012345', birthDate: '1990-05-15', address: expect.any(String), email: 'aigul@example.kg', phone: '+996700100101' },
      ]);
    });

    it('a submission the projection has not consumed yet: the read catches up before deciding', async () => {
      // Straight into the log without NOTIFY: only the read's catch-up can bring it in before the next poll.
      const change = statusChange(DEMO_USERS.CITIZEN_BAKYT, DEMO_PROVIDERS.STS, 'DRAFT', 'SUBMITTED');
      await sql(
        `insert into event_bus.event_log (event_id, source, type, aggregate_type, aggregate_id, aggregate_version, payload, occurred_at)
         values (?, 'applications', 'ApplicationStatusChanged', 'Application', ?, 2, ?::jsonb, now())`,
        [randomUUID(), change.applicationId, JSON.stringify(change)],
      );
      const result = await read(PERSONAL, [DEMO_USERS.CITIZEN_BAKYT], STS_OFFICER);
      expect(result.errors).toBeUndefined();
      expect(result.data!._entities[0]).toMatchObject({ pin: '20308198500017' });
      // and the relation is the STS officer's only
      expect(firstError(await read(PERSONAL, [DEMO_USERS.CITIZEN_BAKYT], GRS_OFFICER)).code).toBe('FORBIDDEN');
    });

    it('an officer sees the official profile of colleagues and of other staff', async () => {
      const result = await read(PROFILE, [DEMO_USERS.EXECUTOR_MVD, DEMO_USERS.OFFICER_GRS], MVD_OFFICER);
      expect(result.errors).toBeUndefined();
      expect(result.data!._entities).toEqual([
        { id: DEMO_USERS.EXECUTOR_MVD, fullName: 'Nazira Kadyrova', roles: ['PROVIDER_OFFICER'], blocked: false, provider: { id: DEMO_PROVIDERS.MVD } },
        { id: DEMO_USERS.OFFICER_GRS, fullName: 'Gulnara Mamytova', roles: ['PROVIDER_OFFICER'], blocked: false, provider: { id: DEMO_PROVIDERS.GRS } },
      ]);
    });

    it('the operator sees the account it administers (name, roles, blocked), not the person’s identifiers', async () => {
      const result = await read(PROFILE, [DEMO_USERS.CITIZEN_BAKYT], OPERATOR);
      expect(result.errors).toBeUndefined();
      expect(result.data!._entities).toEqual([{ id: DEMO_USERS.CITIZEN_BAKYT, fullName: 'Bakyt Toktogulov', roles: ['CITIZEN'], blocked: false, provider: null }]);
    });

    it('the holder, everything', async () => {
      const result = await read(PERSONAL, [DEMO_USERS.CITIZEN_BAKYT], BAKYT);
      expect(result.errors).toBeUndefined();
      expect(result.data!._entities[0]).toMatchObject({ pin: '20308198500017', email: 'bakyt@example.kg' });
    });
  });
});
