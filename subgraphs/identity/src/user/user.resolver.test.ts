import { DEMO_PROVIDERS, DEMO_USERS, type TestSubgraph, startTestSubgraph } from '@portal/kit';
import { createRemoteJWKSet } from 'jose';
import { JWKS_PATH, verifyAccessToken } from '../session/access-token';
import { createIdentitySubgraph } from '../subgraph';
import { firstError, startRegisterStandins, testIdentityConfig } from '../testing';

const REGISTER = `mutation($input: RegisterInput!) {
  register(input: $input) {
    accessToken refreshToken accessTokenExpiresAt
    user { id kind pin fullName birthDate address email phone preferredLanguage roles blocked identityVerified provider { id } }
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
  fullName: 'Sadykova Cholpon Bakytovna',
  email: 'Cholpon@Example.kg',
  phone: '+996 555 12 34 56',
  password: 'Jalal-Abad2026',
  preferredLanguage: 'RU',
  acceptedTermsVersion: '2026-01',
  consentToPersonalDataProcessing: true,
  ...overrides,
});

/** The registration above as the population register holds the person. */
const CHOLPON = { pin: '12412199500011', surname: 'Sadykova', name: 'Cholpon', patronymic: 'Bakytovna', birthDate: '1995-12-24', address: 'г. Джалал-Абад, ул. Ленина, 5' };
const ALA_TOO_SOFT = { taxNumber: '02504201910177', name: 'ОсОО «Ала-Тоо Софт»', directorPin: '11505199012345', address: 'г. Бишкек, ул. Киевская, 96' };

describe('accounts', () => {
  let identity: TestSubgraph;
  let registers: Awaited<ReturnType<typeof startRegisterStandins>>;
  beforeAll(async () => {
    registers = await startRegisterStandins();
    registers.tunduk.addPerson(CHOLPON);
    registers.tunduk.addLegalEntity(ALA_TOO_SOFT);
    identity = await startTestSubgraph(createIdentitySubgraph(testIdentityConfig(registers.env)), { seed: true });
  });
  afterAll(async () => {
    await identity.close();
    await registers.close();
  });
  afterEach(() => registers.tunduk.setMode('normal'));
  const accountsWithPin = async (pin: string) => (await sql<{ n: string }>('select count(*)::text as n from identity.user_account where pin = ?', [pin]))[0]!.n;
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => identity.orm.em.fork().execute<T[]>(query, params);
  /** What identity's projection holds once the applications subgraph announced a submission. */
  const applyTo = (applicantId: string, providerId: string) =>
    sql('insert into identity.provider_applicant (provider_id, applicant_id, first_application_id, since) values (?, ?, gen_random_uuid(), now()) on conflict do nothing', [providerId, applicantId]);

  describe('register', () => {
    describe('refused by the registers', () => {
      it('a full name that does not match the population register: says so, shows nothing of the register, creates nothing', async () => {
        const error = firstError(await identity.request(REGISTER, { input: registration({ fullName: 'Sadykova Cholpon' }) }, RU));
        expect(error.code).toBe('BAD_USER_INPUT');
        expect(error.message).toMatch(/Фамилия, имя и отчество не совпадают с записью Государственного реестра населения/);
        expect(error.message).not.toMatch(/Bakytovna|Джалал/);
        expect(error.extensions).toMatchObject({ field: 'fullName', problem: 'REGISTER_FULL_NAME' });
        expect(JSON.stringify(error.extensions)).not.toMatch(/Bakytovna|Джалал/);
        // first name first is not how the register writes it
        expect(firstError(await identity.request(REGISTER, { input: registration({ fullName: 'Cholpon Bakytovna Sadykova', preferredLanguage: 'KY' }) })).message).toMatch(/калкты каттоонун мамлекеттик реестриндеги жазууга дал келбейт/);
        expect(await accountsWithPin('12412199500011')).toBe('0');
      });

      it('a birth date that does not match, and a PIN the register does not know', async () => {
        const birthDate = firstError(await identity.request(REGISTER, { input: registration({ birthDate: '1995-12-25' }) }, RU));
        expect(birthDate).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^Дата рождения не совпадает/), extensions: expect.objectContaining({ field: 'birthDate', problem: 'REGISTER_BIRTH_DATE' }) });
        const unknown = firstError(await identity.request(REGISTER, { input: registration({ pin: '21111199900019' }) }, RU));
        expect(unknown).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/ПИН не найден в Государственном реестре населения/), extensions: expect.objectContaining({ field: 'pin', problem: 'REGISTER_NOT_IN_REGISTER' }) });
      });

      it('a deceased person', async () => {
        registers.tunduk.addPerson({ pin: '10101195000013', surname: 'Omurova', name: 'Bermet', birthDate: '1950-01-01', deceased: true });
        const error = firstError(await identity.request(REGISTER, { input: registration({ pin: '10101195000013', fullName: 'Omurova Bermet', email: null, phone: null }) }, RU));
        expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/этот человек умер/), extensions: expect.objectContaining({ problem: 'REGISTER_DECEASED' }) });
        expect(await accountsWithPin('10101195000013')).toBe('0');
      });

      it('the register down, late or answering unsigned: RATE_LIMITED with the time to retry, nothing created, every attempt logged', async () => {
        const logged = async () => (await sql<{ n: string }>("select count(*)::text as n from identity.tunduk_message_log where user_id = '12412199500011' and outcome <> 'OK'"))[0]!.n;
        const before = Number(await logged());
        for (const mode of ['unavailable', 'unsigned'] as const) {
          registers.tunduk.setMode(mode);
          const error = firstError(await identity.request(REGISTER, { input: registration() }, RU));
          expect(error.code).toBe('RATE_LIMITED');
          expect(error.message).toMatch(/Государственный реестр сейчас не отвечает.*Ничего не сохранено/);
          expect(error.extensions.retryAfterSeconds).toEqual(expect.any(Number));
          expect(error.extensions.reason).toBe(mode === 'unavailable' ? 'REGISTER_UNAVAILABLE' : 'REGISTER_ANSWER_REFUSED');
        }
        expect(await accountsWithPin('12412199500011')).toBe('0');
        // the unavailable register was tried twice (TUNDUK_READ_RETRIES=1), the unsigned answer once
        expect(Number(await logged())).toBe(before + 3);
      });

      it('a legal entity registered by someone not signed in, not verified, or not its director; one not in the register or not active', async () => {
        const company = (pin = '02504201910177') => ({ input: registration({ kind: 'LEGAL_ENTITY', pin, fullName: 'Ала-Тоо Софт', email: null, phone: null }) });
        expect(firstError(await identity.request(REGISTER, company(), RU))).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/^Организацию регистрирует её руководитель/) });
        expect(firstError(await identity.request(REGISTER, company(), { ...BAKYT, ...RU }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/не указаны руководителем этой организации/) });
        const unverified = (await sql<{ id: string }>(`insert into identity.user_account (id, kind, pin, full_name, preferred_language, roles, version, created_at, updated_at)
          values (gen_random_uuid(), 'INDIVIDUAL', '11505199012346', 'Asanova Aigul', 'RU', '{CITIZEN}', 1, now(), now()) returning id`))[0]!;
        expect(firstError(await identity.request(REGISTER, company(), { userId: unverified.id, roles: ['CITIZEN'], ...RU }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/личность на портале не подтверждена/) });
        expect(firstError(await identity.request(REGISTER, company('01212202099999'), { ...AIGUL, ...RU }))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: expect.objectContaining({ problem: 'LEGAL_ENTITY_NOT_IN_REGISTER' }) });
        registers.tunduk.addLegalEntity({ taxNumber: '01212202011111', name: 'ОсОО «Жабык»', directorPin: '11505199012345', status: 'LIQUIDATED' });
        expect(firstError(await identity.request(REGISTER, company('01212202011111'), { ...AIGUL, ...RU }))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/не действует/), extensions: expect.objectContaining({ problem: 'LEGAL_ENTITY_NOT_ACTIVE' }) });
        expect(await accountsWithPin('02504201910177')).toBe('0');
      });
    });

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
        // the register's spelling is kept; case, extra spaces and е/ё in the input do not matter
        const result = await identity.request<{ register: { accessToken: string; refreshToken: string; user: Record<string, unknown> } }>(
          REGISTER,
          { input: registration({ fullName: '  SADYKOVA   cholpon Bakytovna ', birthDate: '1995-12-24' }) },
          { ip: '198.51.100.7' },
        );
        expect(result.errors).toBeUndefined();
        const { user, accessToken, refreshToken } = result.data!.register;
        expect(user).toEqual({
          id: expect.any(String),
          kind: 'INDIVIDUAL',
          pin: '12412199500011',
          fullName: 'Sadykova Cholpon Bakytovna',
          birthDate: '1995-12-24',
          address: 'г. Джалал-Абад, ул. Ленина, 5',
          email: 'cholpon@example.kg',
          phone: '+996555123456',
          preferredLanguage: 'RU',
          roles: ['CITIZEN'],
          blocked: false,
          identityVerified: true,
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
          expect.objectContaining({ type: 'UserProfileChanged', aggregate_version: 1, payload: expect.objectContaining({ email: 'cholpon@example.kg', blocked: false, identityVerified: true }) }),
        ]);
        await identity.drain();
        const published = await sql('select source, type, aggregate_type from event_bus.event_log where aggregate_id = ?', [user.id]);
        expect(published).toEqual([{ source: 'identity', type: 'UserProfileChanged', aggregate_type: 'User' }]);
      });

      it('creates a legal entity registered by its director in the register, in the language of the request when none is chosen', async () => {
        const result = await identity.request<{ register: { user: Record<string, unknown> } }>(
          REGISTER,
          { input: registration({ kind: 'LEGAL_ENTITY', pin: '02504201910177', fullName: 'Ала-Тоо Софт', email: null, phone: null, preferredLanguage: null }) },
          { ...AIGUL, ...RU },
        );
        expect(result.errors).toBeUndefined();
        expect(result.data!.register.user).toMatchObject({ kind: 'LEGAL_ENTITY', fullName: 'ОсОО «Ала-Тоо Софт»', address: 'г. Бишкек, ул. Киевская, 96', birthDate: null, email: null, preferredLanguage: 'RU', identityVerified: true });
        // the register was asked who directs the company: the director sees that read
        const log = await identity.request<{ myDataAccessLog: { edges: Array<{ node: Record<string, unknown> }> } }>('{ myDataAccessLog { edges { node { actor purposeCode fields } } } }', {}, { ...AIGUL, ...RU });
        expect(log.data!.myDataAccessLog.edges[0]!.node).toEqual({ actor: 'Портал: запрос через «Тундук» (Министерство юстиции)', purposeCode: 'IDENTITY_VERIFICATION', fields: ['legalEntity.directorPin'] });
      });

      it("the population register's read shows in the new account's access log, and in identity's message log", async () => {
        registers.tunduk.addPerson({ pin: '22203199000017', surname: 'Королёв', name: 'Нурлан', patronymic: 'Асанович', birthDate: '1990-03-22', address: 'г. Ош' });
        const result = await identity.request<{ register: { user: { id: string; fullName: string } } }>(
          REGISTER,
          { input: registration({ pin: '22203199000017', fullName: 'королев нурлан асанович', email: 'nurlan@example.kg', phone: null, preferredLanguage: 'KY' }) },
        );
        expect(result.errors).toBeUndefined();
        const { user } = result.data!.register;
        expect(user.fullName).toBe('Королёв Нурлан Асанович');
        const log = await identity.request<{ myDataAccessLog: { edges: Array<{ node: Record<string, unknown> }> } }>(
          '{ myDataAccessLog { edges { node { actor actorRole purposeCode purpose fields } } } }',
          {},
          { userId: user.id, roles: ['CITIZEN'], preferredLanguage: 'KY' },
        );
        expect(log.data!.myDataAccessLog.edges.map((edge) => edge.node)).toEqual([
          {
            actor: 'Портал: «Түндүк» аркылуу суроо (Мамлекеттик каттоо кызматы)',
            actorRole: null,
            purposeCode: 'IDENTITY_VERIFICATION',
            purpose: expect.stringMatching(/Түндүк/),
            fields: ['surname', 'name', 'patronymic', 'birthDate', 'sex', 'address', 'identityDocument', 'deceased'],
          },
        ]);
        const exchange = registers.tunduk.exchanges.at(-1)!;
        expect(exchange).toMatchObject({ service: 'KG/GOV/70000002/population/person', key: '22203199000017', userId: '22203199000017', issue: 'registration', status: 200 });
        const [entry] = await sql('select service_id, outcome, http_status, user_id from identity.tunduk_message_log where message_id = ?', [exchange.messageId]);
        expect(entry).toEqual({ service_id: 'KG/GOV/70000002/population/person', outcome: 'OK', http_status: 200, user_id: '22203199000017' });
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
