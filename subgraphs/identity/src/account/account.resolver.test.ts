import { DEMO_USERS, type TestSubgraph, startTestSubgraph } from '@portal/kit';
import { decodeJwt } from 'jose';
import { createIdentitySubgraph } from '../subgraph';
import { firstError, testIdentityConfig } from '../testing';

const LOGIN = 'mutation($login: String!, $password: String!) { login(input: { login: $login, password: $password }) { accessToken refreshToken user { id } } }';
const REFRESH = 'mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken refreshToken } }';
const SESSIONS = '{ me { sessions { id method createdAt lastUsedAt ip userAgent current } } }';
const CHANGE = 'mutation($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }';
const END = 'mutation($id: ID!) { endSession(sessionId: $id) }';
const ACCEPT = 'mutation($version: String!) { acceptTerms(version: $version) { id acceptedTermsVersion } }';
const ENTITIES = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id sessions { id } } } }';
const ENTITIES_TERMS = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id acceptedTermsVersion } } }';

interface SignedIn {
  accessToken: string;
  refreshToken: string;
  userId: string;
  sessionId: string;
}

const RU = { acceptLanguage: 'RU' as const };
const TERMS = '2026-06';

describe('account self-service', () => {
  let identity: TestSubgraph;
  beforeAll(async () => {
    identity = await startTestSubgraph(createIdentitySubgraph(testIdentityConfig({ TERMS_VERSION: TERMS })), { seed: true });
  });
  afterAll(() => identity.close());

  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => identity.orm.em.fork().execute<T[]>(query, params);
  const signIn = async (login: string, password: string, client: { ip?: string; userAgent?: string } = {}): Promise<SignedIn> => {
    const result = await identity.request<{ login: { accessToken: string; refreshToken: string; user: { id: string } } }>(LOGIN, { login, password }, client);
    if (!result.data?.login) throw new Error(JSON.stringify(result.errors));
    const { accessToken, refreshToken, user } = result.data.login;
    return { accessToken, refreshToken, userId: user.id, sessionId: decodeJwt(accessToken).sid as string };
  };
  /** The caller the gateway would sign for this session's access token. */
  const as = (session: SignedIn, extra: Record<string, unknown> = {}) => ({ userId: session.userId, roles: ['CITIZEN' as const], sessionId: session.sessionId, ...extra });
  const refresh = (token: string, client: Record<string, unknown> = {}) => identity.request<{ refreshSession: { accessToken: string; refreshToken: string } }>(REFRESH, { token }, client);
  const outbox = (type: string, userId: string) => sql<{ payload: Record<string, unknown> }>('select payload from identity.outbox where type = ? and payload->>\'userId\' = ? order by id', [type, userId]);

  describe('refused', () => {
    it('anonymous callers, for every change', async () => {
      expect(firstError(await identity.request(CHANGE, { current: 'Citizen2026!', next: 'Another-pass-2027' })).code).toBe('UNAUTHENTICATED');
      expect(firstError(await identity.request(END, { id: '00000000-0000-4000-8000-000000000000' })).code).toBe('UNAUTHENTICATED');
      expect(firstError(await identity.request(ACCEPT, { version: TERMS })).code).toBe('UNAUTHENTICATED');
    });

    it("someone else's sessions and accepted terms: the operator and an officer, though they may see the account", async () => {
      await signIn('bakyt@example.kg', 'Citizen2026!');
      const reps = [{ __typename: 'User', id: DEMO_USERS.CITIZEN_BAKYT }];
      const operator = { userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR' as const], ...RU };
      const bySessions = firstError(await identity.request(ENTITIES, { reps }, operator));
      expect(bySessions).toMatchObject({ code: 'FORBIDDEN', message: 'Сеансы и принятую редакцию условий видит только владелец учётной записи.' });
      expect(firstError(await identity.request(ENTITIES_TERMS, { reps }, operator)).code).toBe('FORBIDDEN');
      // a colleague's official profile is visible to an officer, their sessions are not
      const officer = { userId: DEMO_USERS.OFFICER_GRS, roles: ['PROVIDER_OFFICER' as const], providerId: null };
      const colleague = await identity.request(ENTITIES, { reps: [{ __typename: 'User', id: DEMO_USERS.OFFICER_MVD }] }, officer);
      expect(firstError(colleague).code).toBe('FORBIDDEN');
      // another citizen does not even see the account
      expect(firstError(await identity.request(ENTITIES, { reps }, { userId: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN'] })).code).toBe('FORBIDDEN');
    });

    it("ending someone else's session: answered like a session that does not exist, and it goes on", async () => {
      const bakyt = await signIn('bakyt@example.kg', 'Citizen2026!');
      const aigul = await signIn('aigul@example.kg', 'Citizen2026!');
      const foreign = firstError(await identity.request(END, { id: bakyt.sessionId }, as(aigul, RU)));
      const unknown = firstError(await identity.request(END, { id: '00000000-0000-4000-8000-000000000000' }, as(aigul, RU)));
      const malformed = firstError(await identity.request(END, { id: 'not-a-session' }, as(aigul, RU)));
      expect(foreign).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/^Среди ваших сеансов такого нет/) });
      expect(unknown).toEqual(foreign);
      expect(malformed).toEqual(foreign);
      expect((await refresh(bakyt.refreshToken)).errors).toBeUndefined();
      const [{ count }] = await sql<{ count: string }>('select count(*) from identity.session where id = ? and revoked_at is not null', [bakyt.sessionId]);
      expect(Number(count)).toBe(0);
    });

    it('a wrong current password, counted with the login throttle: after 5, even the right one waits (and so does login)', async () => {
      const officer = await signIn('officer.sts@portal.kg', 'Officer2026!');
      const caller = { ...as(officer), roles: ['PROVIDER_OFFICER' as const], ...RU };
      for (let attempt = 1; attempt <= 5; attempt++) {
        const wrong = firstError(await identity.request(CHANGE, { current: `Wrong-${attempt}-pass`, next: 'Another-pass-2027' }, caller));
        expect(wrong).toMatchObject({ code: 'BAD_USER_INPUT', message: 'Текущий пароль указан неверно. Введите его ещё раз.', extensions: { field: 'currentPassword', problem: 'WRONG_CURRENT_PASSWORD' } });
      }
      const limited = firstError(await identity.request(CHANGE, { current: 'Officer2026!', next: 'Another-pass-2027' }, caller));
      expect(limited).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/Слишком много неверных попыток/) });
      expect(limited.extensions.retryAfterSeconds).toBeGreaterThan(14 * 60);
      expect(firstError(await identity.request(LOGIN, { login: 'officer.sts@portal.kg', password: 'Officer2026!' })).code).toBe('RATE_LIMITED');
      // nothing changed
      const [{ count }] = await sql<{ count: string }>("select count(*) from identity.account_change where user_id = ? and action = 'PASSWORD_CHANGED'", [DEMO_USERS.OFFICER_STS]);
      expect(Number(count)).toBe(0);
    });

    it('a weak new password, by the registration rules, in the caller’s language', async () => {
      const aigul = await signIn('aigul@example.kg', 'Citizen2026!');
      const weak = firstError(await identity.request(CHANGE, { current: 'Citizen2026!', next: 'short1' }, as(aigul, { preferredLanguage: 'KY' })));
      expect(weak).toMatchObject({ code: 'BAD_USER_INPUT', message: 'Сырсөз кеминде 10 белгиден турушу керек.', extensions: { field: 'newPassword', problem: 'PASSWORD_TOO_SHORT' } });
      const same = firstError(await identity.request(CHANGE, { current: 'Citizen2026!', next: 'Citizen2026!' }, as(aigul, RU)));
      expect(same).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { problem: 'PASSWORD_UNCHANGED' } });
      expect((await identity.request(LOGIN, { login: 'aigul@example.kg', password: 'Citizen2026!' })).errors).toBeUndefined();
    });

    it('an account without a password (national ID only)', async () => {
      const meria = await signIn('officer.bishkek_meria@portal.kg', 'Officer2026!');
      await sql('update identity.user_account set password_hash = null where id = ?', [DEMO_USERS.OFFICER_BISHKEK_MERIA]);
      const none = firstError(await identity.request(CHANGE, { current: 'Officer2026!', next: 'Another-pass-2027' }, { ...as(meria), roles: ['PROVIDER_OFFICER'], ...RU }));
      expect(none).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/нет пароля: в неё входят только через Единую систему идентификации/), extensions: { problem: 'NO_PASSWORD' } });
    });

    it('an older or unknown terms version', async () => {
      const aigul = await signIn('aigul@example.kg', 'Citizen2026!');
      for (const version of ['2026-01', '2099-01', '']) {
        const refused = firstError(await identity.request(ACCEPT, { version }, as(aigul, RU)));
        expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', message: 'Принять можно только действующую редакцию условий использования портала: 2026-06 (Query.currentTermsVersion).', extensions: { field: 'version', currentTermsVersion: TERMS } });
      }
    });
  });

  describe('allowed', () => {
    it('lists the own sessions with client, method and which one is current; a refresh updates lastUsedAt and the client', async () => {
      await sql("update identity.session set revoked_at = now() where user_id = ?", [DEMO_USERS.CITIZEN_BAKYT]);
      const phone = await signIn('bakyt@example.kg', 'Citizen2026!', { ip: '198.51.100.7', userAgent: 'KG Portal iOS/2.1' });
      const laptop = await signIn('bakyt@example.kg', 'Citizen2026!', { ip: '203.0.113.5', userAgent: 'Mozilla/5.0 Firefox/128' });
      const listed = await identity.request<{ me: { sessions: Array<Record<string, unknown>> } }>(SESSIONS, {}, as(laptop));
      expect(listed.errors).toBeUndefined();
      expect(listed.data!.me.sessions).toEqual([
        { id: laptop.sessionId, method: 'PASSWORD', createdAt: expect.any(String), lastUsedAt: expect.any(String), ip: '203.0.113.5', userAgent: 'Mozilla/5.0 Firefox/128', current: true },
        { id: phone.sessionId, method: 'PASSWORD', createdAt: expect.any(String), lastUsedAt: expect.any(String), ip: '198.51.100.7', userAgent: 'KG Portal iOS/2.1', current: false },
      ]);

      await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await refresh(phone.refreshToken, { ip: '198.51.100.8', userAgent: 'KG Portal iOS/2.2' })).errors).toBeUndefined();
      const after = await identity.request<{ me: { sessions: Array<{ id: string; userAgent: string; lastUsedAt: string; createdAt: string; current: boolean }> } }>(SESSIONS, {}, as(phone));
      const [first] = after.data!.me.sessions;
      expect(first).toMatchObject({ id: phone.sessionId, userAgent: 'KG Portal iOS/2.2', current: true });
      expect(Date.parse(first.lastUsedAt)).toBeGreaterThan(Date.parse(first.createdAt));
    });

    it('ends one of the own sessions: its refresh token stops, the gateways hear of it, and a retry changes nothing', async () => {
      const keep = await signIn('bakyt@example.kg', 'Citizen2026!');
      const lost = await signIn('bakyt@example.kg', 'Citizen2026!', { ip: '192.0.2.44', userAgent: 'Old tablet' });
      const ended = await identity.request<{ endSession: boolean }>(END, { id: lost.sessionId }, as(keep));
      expect(ended).toEqual({ data: { endSession: true } });
      expect(firstError(await refresh(lost.refreshToken)).code).toBe('UNAUTHENTICATED');
      expect((await refresh(keep.refreshToken)).errors).toBeUndefined();

      const events = (await outbox('SessionsEnded', DEMO_USERS.CITIZEN_BAKYT)).filter((e) => (e.payload.sessionIds as string[]).includes(lost.sessionId));
      expect(events.map((e) => e.payload)).toEqual([
        { userId: DEMO_USERS.CITIZEN_BAKYT, sessionIds: [lost.sessionId], endedAt: expect.any(String), reason: 'ENDED_BY_USER', method: 'PASSWORD', ip: '192.0.2.44', userAgent: 'Old tablet' },
      ]);
      const announced = (await outbox('SessionsEnded', DEMO_USERS.CITIZEN_BAKYT)).length;
      expect(await identity.request(END, { id: lost.sessionId }, as(keep))).toEqual({ data: { endSession: false } });
      expect(await outbox('SessionsEnded', DEMO_USERS.CITIZEN_BAKYT)).toHaveLength(announced);
      const audit = await sql<{ target_session_id: string; from_session_id: string }>("select target_session_id, from_session_id from identity.account_change where action = 'SESSION_ENDED' and target_session_id = ?", [lost.sessionId]);
      expect(audit).toEqual([{ target_session_id: lost.sessionId, from_session_id: keep.sessionId }]);
      const listed = await identity.request<{ me: { sessions: Array<{ id: string }> } }>(SESSIONS, {}, as(keep));
      expect(listed.data!.me.sessions.map((s) => s.id)).not.toContain(lost.sessionId);
    });

    it('changes the password: every other session ends, the current one stays, the old password stops working', async () => {
      const current = await signIn('officer.minjust@portal.kg', 'Officer2026!', { userAgent: 'Edge/131' });
      const other = await signIn('officer.minjust@portal.kg', 'Officer2026!');
      const caller = { ...as(current), roles: ['PROVIDER_OFFICER' as const], ip: '203.0.113.9', userAgent: 'Edge/131' };
      expect(await identity.request(CHANGE, { current: 'Officer2026!', next: 'Justice-2027-new' }, caller)).toEqual({ data: { changePassword: true } });

      expect(firstError(await refresh(other.refreshToken)).code).toBe('UNAUTHENTICATED');
      expect((await refresh(current.refreshToken)).errors).toBeUndefined();
      expect(firstError(await identity.request(LOGIN, { login: 'officer.minjust@portal.kg', password: 'Officer2026!' })).code).toBe('UNAUTHENTICATED');
      expect((await identity.request(LOGIN, { login: 'officer.minjust@portal.kg', password: 'Justice-2027-new' })).errors).toBeUndefined();

      const ended = await outbox('SessionsEnded', DEMO_USERS.OFFICER_MINJUST);
      expect(ended.map((e) => e.payload)).toEqual([{ userId: DEMO_USERS.OFFICER_MINJUST, sessionIds: [other.sessionId], endedAt: expect.any(String), reason: 'PASSWORD_CHANGED' }]);
      const changed = await outbox('PasswordChanged', DEMO_USERS.OFFICER_MINJUST);
      expect(changed.map((e) => e.payload)).toEqual([{ userId: DEMO_USERS.OFFICER_MINJUST, at: expect.any(String), sessionsEnded: 1, ip: '203.0.113.9', userAgent: 'Edge/131' }]);
      const audit = await sql("select from_session_id, sessions_ended, ip from identity.account_change where user_id = ? and action = 'PASSWORD_CHANGED'", [DEMO_USERS.OFFICER_MINJUST]);
      expect(audit).toEqual([{ from_session_id: current.sessionId, sessions_ended: 1, ip: '203.0.113.9' }]);

      // made against a password that is no longer the current one: refused
      const stale = firstError(await identity.request(CHANGE, { current: 'Officer2026!', next: 'Another-pass-2028' }, caller));
      expect(stale).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { problem: 'WRONG_CURRENT_PASSWORD' } });
    });

    it('after the terms change, sign-in still works and shows the old version until the holder accepts the current one, once', async () => {
      await sql("update identity.consent set terms_version = '2026-01' where user_id = ?", [DEMO_USERS.CITIZEN_AIGUL]);
      const aigul = await signIn('aigul@example.kg', 'Citizen2026!');
      const before = await identity.request<{ me: { acceptedTermsVersion: string }; currentTermsVersion: string }>('{ currentTermsVersion me { acceptedTermsVersion } }', {}, as(aigul));
      expect(before.data).toEqual({ currentTermsVersion: TERMS, me: { acceptedTermsVersion: '2026-01' } });

      const accepted = await identity.request(ACCEPT, { version: TERMS }, as(aigul, { ip: '203.0.113.20' }));
      expect(accepted).toEqual({ data: { acceptTerms: { id: DEMO_USERS.CITIZEN_AIGUL, acceptedTermsVersion: TERMS } } });
      expect(await identity.request(ACCEPT, { version: TERMS }, as(aigul))).toEqual(accepted);
      const consents = await sql("select terms_version, channel, ip, personal_data_processing from identity.consent where user_id = ? and channel = 'CABINET'", [DEMO_USERS.CITIZEN_AIGUL]);
      expect(consents).toEqual([{ terms_version: TERMS, channel: 'CABINET', ip: '203.0.113.20', personal_data_processing: true }]);
      const events = await outbox('TermsAccepted', DEMO_USERS.CITIZEN_AIGUL);
      expect(events.map((e) => e.payload)).toEqual([{ userId: DEMO_USERS.CITIZEN_AIGUL, termsVersion: TERMS, at: expect.any(String), previousVersion: '2026-01' }]);
    });
  });
});
