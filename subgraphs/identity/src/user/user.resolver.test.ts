import { DEMO_PROVIDERS, DEMO_USERS, type TestSubgraph, startTestSubgraph } from '@portal/kit';
import { createRemoteJWKSet } from 'jose';
import { JWKS_PATH, verifyAccessToken } from '../session/access-token';
import { createIdentitySubgraph } from '../subgraph';
import { firstError, testIdentityConfig } from '../testing';

const REGISTER = `mutation($input: RegisterInput!) {
  register(input: $input) {
    accessToken refreshToken accessTokenExpiresAt
    user { id kind pin fullName birthDate email phone preferredLanguage roles blocked provider { id } }
  }
}`;
const LOGIN = 'mutation($login: String!, $password: String!) { login(input: { login: $login, password: $password }) { accessToken refreshToken } }';
const REFRESH = 'mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken } }';
const BLOCK = 'mutation($id: ID!, $reason: String!) { blockUser(userId: $id, reason: $reason) { id fullName blocked } }';
const UNBLOCK = 'mutation($id: ID!, $reason: String!) { unblockUser(userId: $id, reason: $reason) { id blocked } }';
const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id fullName roles provider { id } } } }`;
const ENTITIES_PERSONAL = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id pin birthDate address email phone } } }`;
const userRef = (id: string) => ({ __typename: 'User', id });

const AIGUL = { userId: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN' as const] };
const BAKYT = { userId: DEMO_USERS.CITIZEN_BAKYT, roles: ['CITIZEN' as const] };
const OPERATOR = { userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR' as const] };
const OFFICER = { userId: DEMO_USERS.OFFICER_MVD, roles: ['PROVIDER_OFFICER' as const], providerId: DEMO_PROVIDERS.MVD };
const RU = { acceptLanguage: 'RU' as const };

const registration = (overrides: Record<string, unknown> = {}) => ({
  kind: 'INDIVIDUAL',
  pin: '12412199500011',
  fullName: 'Cholpon Sadykova',
  email: 'Cholpon@Example.kg',
  phone: '+996 555 12 34 56',
  password: 'Jalal-Abad2026',
  preferredLanguage: 'RU',
  acceptedTermsVersion: '2026-01',
  consentToPersonalDataProcessing: true,
  ...overrides,
});

describe('accounts', () => {
  let identity: TestSubgraph;
  beforeAll(async () => {
    identity = await startTestSubgraph(createIdentitySubgraph(testIdentityConfig()), { seed: true });
  });
  afterAll(() => identity.close());
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => identity.orm.em.fork().execute<T[]>(query, params);
  /** What identity's projection holds once the applications subgraph announced a submission. */
  const applyTo = (applicantId: string, providerId: string) =>
    sql('insert into identity.provider_applicant (provider_id, applicant_id, first_application_id, since) values (?, ?, gen_random_uuid(), now()) on conflict do nothing', [providerId, applicantId]);

  describe('register', () => {
    describe('refused', () => {
      it('terms of another version, or no consent to personal-data processing', async () => {
        const outdated = firstError(await identity.request(REGISTER, { input: registration({ acceptedTermsVersion: '2025-06' }) }, RU));
        expect(outdated.code).toBe('BAD_USER_INPUT');
        expect(outdated.message).toMatch(/действующую редакцию условий использования портала \(2026-01\)/);
        expect(outdated.extensions.field).toBe('acceptedTermsVersion');

        const noConsent = firstError(await identity.request(REGISTER, { input: registration({ consentToPersonalDataProcessing: false, preferredLanguage: 'KY' }) }));
        expect(noConsent.code).toBe('BAD_USER_INPUT');
        expect(noConsent.message).toMatch(/макулдук берилбесе/);
        expect(noConsent.extensions.problem).toBe('CONSENT_REQUIRED');
      });

      it('an invalid PIN and a weak password, each named with its own message', async () => {
        const error = firstError(await identity.request(REGISTER, { input: registration({ pin: '13202199012345', password: 'password' }) }, RU));
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.message).toMatch(/ДДММГГГГ/);
        expect(error.extensions.fieldErrors).toEqual([
          { field: 'pin', code: 'PIN_BIRTH_DATE', message: expect.stringMatching(/дату рождения/) },
          { field: 'password', code: 'PASSWORD_TOO_SHORT', message: 'Пароль должен содержать не менее 10 символов.' },
        ]);
      });

      it.each([
        ['pin', { pin: '11505199012345' }, /ПИН \(ИНН\) уже зарегистрирована/],
        ['email', { email: ' AIGUL@example.kg' }, /адрес электронной почты уже используется/],
        ['phone', { phone: '+996 700 100 101' }, /номер телефона уже используется/],
      ])('a %s that is already registered', async (field, overrides, message) => {
        const error = firstError(await identity.request(REGISTER, { input: registration(overrides) }, RU));
        expect(error.code).toBe('CONFLICT');
        expect(error.message).toMatch(message);
        expect(error.extensions.field).toBe(field);
      });
    });

    describe('allowed', () => {
      it('creates an individual with normalized contacts, records the consent and the event, and signs in', async () => {
        const result = await identity.request<{ register: { accessToken: string; refreshToken: string; user: Record<string, unknown> } }>(
          REGISTER,
          { input: registration() },
          { ip: '198.51.100.7' },
        );
        expect(result.errors).toBeUndefined();
        const { user, accessToken, refreshToken } = result.data!.register;
        expect(user).toEqual({
          id: expect.any(String),
          kind: 'INDIVIDUAL',
          pin: '12412199500011',
          fullName: 'Cholpon Sadykova',
          birthDate: '1995-12-24',
          email: 'cholpon@example.kg',
          phone: '+996555123456',
          preferredLanguage: 'RU',
          roles: ['CITIZEN'],
          blocked: false,
          provider: null,
        });
        expect(refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

        const claims = await verifyAccessToken(accessToken, createRemoteJWKSet(new URL(`${identity.url}${JWKS_PATH}`)));
        expect(claims).toMatchObject({ sub: user.id, roles: ['CITIZEN'], pid: null, lang: 'RU' });

        const [consent] = await sql('select terms_version, personal_data_processing, ip, channel, accepted_at from identity.consent where user_id = ?', [user.id]);
        expect(consent).toMatchObject({ terms_version: '2026-01', personal_data_processing: true, ip: '198.51.100.7', channel: 'PORTAL_REGISTRATION' });
        const [stored] = await sql<{ password_hash: string }>('select password_hash from identity.user_account where id = ?', [user.id]);
        expect(stored.password_hash).toMatch(/^scrypt\$1024\$8\$1\$/);
        const events = await sql('select type, aggregate_id, aggregate_version, payload from identity.outbox where aggregate_id = ?', [user.id]);
        expect(events).toEqual([
          expect.objectContaining({ type: 'UserProfileChanged', aggregate_version: 1, payload: expect.objectContaining({ email: 'cholpon@example.kg', blocked: false }) }),
        ]);
        await identity.drain();
        const published = await sql('select source, type, aggregate_type from event_bus.event_log where aggregate_id = ?', [user.id]);
        expect(published).toEqual([{ source: 'identity', type: 'UserProfileChanged', aggregate_type: 'User' }]);
      });

      it('creates a legal entity by its tax number, in the language of the request when none is chosen', async () => {
        const result = await identity.request<{ register: { user: Record<string, unknown> } }>(
          REGISTER,
          { input: registration({ kind: 'LEGAL_ENTITY', pin: '02504201910177', fullName: 'ОсОО «Ала-Тоо Софт»', email: null, phone: null, preferredLanguage: null }) },
          RU,
        );
        expect(result.errors).toBeUndefined();
        expect(result.data!.register.user).toMatchObject({ kind: 'LEGAL_ENTITY', birthDate: null, email: null, preferredLanguage: 'RU' });
      });
    });
  });

  describe('me and the terms version', () => {
    it('me is null for anonymous callers and the account for a signed-in one', async () => {
      expect((await identity.request('{ me { id } currentTermsVersion }')).data).toEqual({ me: null, currentTermsVersion: '2026-01' });
      const result = await identity.request('{ me { id fullName birthDate address roles signingKeys { id } } }', {}, AIGUL);
      expect(result.data).toEqual({
        me: { id: DEMO_USERS.CITIZEN_AIGUL, fullName: 'Aigul Asanova', birthDate: '1990-05-15', address: expect.stringMatching(/Бишкек/), roles: ['CITIZEN'], signingKeys: [] },
      });
    });
  });

  describe('other people through _entities', () => {
    describe('refused', () => {
      it("a citizen asking for another citizen's account", async () => {
        const result = await identity.request(ENTITIES, { reps: [userRef(DEMO_USERS.CITIZEN_BAKYT)] }, AIGUL);
        expect(result.data).toEqual({ _entities: [null] });
        const error = firstError(result);
        expect(error.code).toBe('FORBIDDEN');
        expect(error.message).toMatch(/өз аккаунтуңузду гана/);
      });

      it('an anonymous caller, even for staff', async () => {
        const result = await identity.request(ENTITIES, { reps: [userRef(DEMO_USERS.CITIZEN_BAKYT), userRef(DEMO_USERS.OFFICER_MVD)] });
        expect(result.data).toEqual({ _entities: [null, null] });
        expect(result.errors!.map((e) => e.extensions!.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
        expect(result.errors![0].message).toMatch(/anonymous callers/);
      });

      it("a citizen asking for an officer's identifiers, birth date, address or contacts", async () => {
        const result = await identity.request(ENTITIES_PERSONAL, { reps: [userRef(DEMO_USERS.OFFICER_MVD)] }, BAKYT);
        expect(result.data).toEqual({ _entities: [null] });
        expect(firstError(result)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/ПИНин, туулган күнүн/) });
      });

      it("an officer asking for a citizen's signing keys", async () => {
        await applyTo(DEMO_USERS.CITIZEN_AIGUL, DEMO_PROVIDERS.MVD);
        const result = await identity.request(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id signingKeys { id } } } }`, { reps: [userRef(DEMO_USERS.CITIZEN_AIGUL)] }, OFFICER);
        expect(firstError(result)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/owner and to operators/) });
      });
    });

    describe('allowed', () => {
      it('a provider officer reads applicants of their provider; unknown ids resolve to null', async () => {
        await applyTo(DEMO_USERS.CITIZEN_AIGUL, DEMO_PROVIDERS.MVD);
        const result = await identity.request(ENTITIES_PERSONAL, { reps: [userRef(DEMO_USERS.CITIZEN_AIGUL), userRef('a5d1e7c2-3b1f-4c8e-9d70-999999999999'), userRef('not-a-uuid')] }, OFFICER);
        expect(result.errors).toBeUndefined();
        expect(result.data).toEqual({
          _entities: [{ id: DEMO_USERS.CITIZEN_AIGUL, pin: '11505199012345', birthDate: '1990-05-15', address: expect.any(String), email: 'aigul@example.kg', phone: '+996700100101' }, null, null],
        });
      });

      it("a citizen sees the official profile of the officer handling their application: name, role, provider", async () => {
        const result = await identity.request(ENTITIES, { reps: [userRef(DEMO_USERS.OFFICER_MVD)] }, AIGUL);
        expect(result.errors).toBeUndefined();
        expect(result.data).toEqual({ _entities: [{ id: DEMO_USERS.OFFICER_MVD, fullName: 'Azamat Sydykov', roles: ['PROVIDER_OFFICER'], provider: { id: DEMO_PROVIDERS.MVD } }] });
      });

      it('the account holder through _entities (e.g. as the applicant of their own application)', async () => {
        const result = await identity.request(ENTITIES_PERSONAL, { reps: [userRef(DEMO_USERS.CITIZEN_BAKYT)] }, BAKYT);
        expect(result.errors).toBeUndefined();
        expect(result.data).toMatchObject({ _entities: [{ pin: '20308198500017' }] });
      });
    });
  });

  describe('blocking', () => {
    describe('refused', () => {
      it('blockUser by anyone but an operator', async () => {
        const anonymous = firstError(await identity.request(BLOCK, { id: DEMO_USERS.CITIZEN_BAKYT, reason: 'x' }));
        expect(anonymous).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/Sign in first/) });
        for (const caller of [AIGUL, OFFICER]) {
          const error = firstError(await identity.request(BLOCK, { id: DEMO_USERS.CITIZEN_BAKYT, reason: 'false data' }, caller));
          expect(error).toMatchObject({ code: 'FORBIDDEN', message: 'This operation is for OPERATOR accounts only.' });
          const unblock = firstError(await identity.request(UNBLOCK, { id: DEMO_USERS.CITIZEN_BAKYT, reason: 'x' }, caller));
          expect(unblock.code).toBe('FORBIDDEN');
        }
      });

      it('blocking without a reason, one’s own account, or nobody', async () => {
        expect(firstError(await identity.request(BLOCK, { id: DEMO_USERS.CITIZEN_BAKYT, reason: '  ' }, OPERATOR))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/reason/) });
        expect(firstError(await identity.request(BLOCK, { id: DEMO_USERS.OPERATOR, reason: 'oops' }, OPERATOR))).toMatchObject({ code: 'BAD_USER_INPUT', message: 'You cannot block your own account.' });
        expect(firstError(await identity.request(BLOCK, { id: 'a5d1e7c2-3b1f-4c8e-9d70-999999999999', reason: 'x' }, OPERATOR))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/No user/) });
      });
    });

    describe('allowed', () => {
      it('an operator blocks an account: recorded, sessions ended, sign-in and refresh refused; unblocking restores sign-in', async () => {
        const login = await identity.request<{ login: { refreshToken: string } }>(LOGIN, { login: 'bakyt@example.kg', password: 'Citizen2026!' });
        const { refreshToken } = login.data!.login;

        const blocked = await identity.request(BLOCK, { id: DEMO_USERS.CITIZEN_BAKYT, reason: 'Registered with false passport data' }, OPERATOR);
        expect(blocked.errors).toBeUndefined();
        expect(blocked.data).toEqual({ blockUser: { id: DEMO_USERS.CITIZEN_BAKYT, fullName: 'Bakyt Toktogulov', blocked: true } });
        const [record] = await sql('select action, actor_user_id, reason from identity.user_block_event where user_id = ?', [DEMO_USERS.CITIZEN_BAKYT]);
        expect(record).toEqual({ action: 'BLOCK', actor_user_id: DEMO_USERS.OPERATOR, reason: 'Registered with false passport data' });
        const sessions = await sql<{ revoked_reason: string }>('select revoked_reason from identity.session where user_id = ?', [DEMO_USERS.CITIZEN_BAKYT]);
        expect(sessions.map((s) => s.revoked_reason)).toEqual(['USER_BLOCKED']);

        const signIn = firstError(await identity.request(LOGIN, { login: 'bakyt@example.kg', password: 'Citizen2026!' }, RU));
        expect(signIn).toMatchObject({ code: 'FORBIDDEN', message: 'Эта учётная запись заблокирована оператором портала. Причина: Registered with false passport data' });
        const refresh = firstError(await identity.request(REFRESH, { token: refreshToken }, RU));
        expect(refresh).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/заблокирована/) });
        const wrongPassword = firstError(await identity.request(LOGIN, { login: 'bakyt@example.kg', password: 'Wrong2026!!' }, RU));
        expect(wrongPassword.code).toBe('UNAUTHENTICATED');

        const unblocked = await identity.request(UNBLOCK, { id: DEMO_USERS.CITIZEN_BAKYT, reason: 'Documents verified at the service centre' }, OPERATOR);
        expect(unblocked.data).toEqual({ unblockUser: { id: DEMO_USERS.CITIZEN_BAKYT, blocked: false } });
        expect((await identity.request(LOGIN, { login: 'bakyt@example.kg', password: 'Citizen2026!' })).errors).toBeUndefined();

        const versions = await sql<{ aggregate_version: number; payload: { blocked: boolean } }>(
          "select aggregate_version, payload from identity.outbox where aggregate_id = ? and type = 'UserProfileChanged' order by id",
          [DEMO_USERS.CITIZEN_BAKYT],
        );
        expect(versions.map((v) => [v.aggregate_version, v.payload.blocked])).toEqual([[1, false], [2, true], [3, false]]);
      });
    });
  });

  describe('access-token keys', () => {
    it('serves only the public signing key at /.well-known/jwks.json', async () => {
    const response = await fetch(`${identity.url}${JWKS_PATH}`);
    expect(response.status).toBe(200);
    const jwks = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
    });
  });
});
