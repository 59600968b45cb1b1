import { DEMO_USERS } from '@portal/kit';
import { decodeJwt } from 'jose';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }';
const ME = '{ me { id } }';
const SESSIONS = '{ me { sessions { id method ip userAgent current lastUsedAt } } }';
const NOTICES = '{ me { notifications { edges { node { type ru: title(lang: RU) body(lang: RU) application { id } } } } } }';

describe('account self-service through the gateway', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(async () => {
    await platform?.close();
  });

  const signIn = async (login: string, password: string, userAgent = 'e2e-test') => {
    const result = await platform.gql(LOGIN, { i: { login, password } }, { headers: { 'user-agent': userAgent } });
    expect(result.errors).toBeUndefined();
    const { accessToken, refreshToken } = result.data.login as { accessToken: string; refreshToken: string };
    return { accessToken, refreshToken, sessionId: decodeJwt(accessToken).sid as string };
  };
  const noticesOf = async (token: string) => {
    const result = await platform.gql(NOTICES, {}, { token });
    expect(result.errors).toBeUndefined();
    return result.data.me.notifications.edges.map((edge: { node: Record<string, unknown> }) => edge.node) as Array<{ type: string; ru: string; body: string; application: unknown }>;
  };

  describe('refused', () => {
    it("the operator reading someone's sessions and accepted terms, and a citizen ending someone else's session", async () => {
      const bakyt = await signIn('bakyt@example.kg', 'Citizen2026!');
      const operator = await platform.login('operator@portal.kg', 'Operator2026!');
      const read = await platform.gql('mutation($id: ID!) { unblockUser(userId: $id, reason: "check") { id sessions { id } } }', { id: DEMO_USERS.CITIZEN_BAKYT }, { token: operator });
      expect(errorCodes(read)).toEqual(['FORBIDDEN']);
      const terms = await platform.gql('mutation($id: ID!) { unblockUser(userId: $id, reason: "check") { id acceptedTermsVersion } }', { id: DEMO_USERS.CITIZEN_BAKYT }, { token: operator });
      expect(errorCodes(terms)).toEqual(['FORBIDDEN']);

      const aigul = await signIn('aigul@example.kg', 'Citizen2026!');
      const foreign = await platform.gql('mutation($id: ID!) { endSession(sessionId: $id) }', { id: bakyt.sessionId }, { token: aigul.accessToken });
      expect(errorCodes(foreign)).toEqual(['NOT_FOUND']);
      await platform.settle();
      expect((await platform.gql(ME, {}, { token: bakyt.accessToken })).data.me.id).toBe(DEMO_USERS.CITIZEN_BAKYT);
    });

    it('a wrong current password, and anonymous changes', async () => {
      const aigul = await signIn('aigul@example.kg', 'Citizen2026!');
      const wrong = await platform.gql('mutation { changePassword(currentPassword: "Citizen2025!", newPassword: "Another-pass-2027") }', {}, { token: aigul.accessToken, headers: { 'accept-language': 'ru' } });
      expect(errorCodes(wrong)).toEqual(['BAD_USER_INPUT']);
      expect(wrong.errors![0].message).toBe('Текущий пароль указан неверно. Введите его ещё раз.');
      expect(errorCodes(await platform.gql('mutation { acceptTerms(version: "2026-01") { id } }'))).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('allowed', () => {
    it('ends a session from another device: its access token is refused at the gateway at once, and the cabinet says so', async () => {
      const laptop = await signIn('bakyt@example.kg', 'Citizen2026!', 'Mozilla/5.0 (X11; Linux) Firefox/128');
      const phone = await signIn('bakyt@example.kg', 'Citizen2026!', 'KG Portal Android/3.0');
      const listed = await platform.gql(SESSIONS, {}, { token: laptop.accessToken });
      expect(listed.errors).toBeUndefined();
      const sessions = listed.data.me.sessions as Array<{ id: string; userAgent: string; current: boolean; method: string }>;
      expect(sessions.find((s) => s.id === laptop.sessionId)).toMatchObject({ current: true, method: 'PASSWORD', userAgent: 'Mozilla/5.0 (X11; Linux) Firefox/128' });
      expect(sessions.find((s) => s.id === phone.sessionId)).toMatchObject({ current: false, userAgent: 'KG Portal Android/3.0' });

      const ended = await platform.gql('mutation($id: ID!) { endSession(sessionId: $id) }', { id: phone.sessionId }, { token: laptop.accessToken });
      expect(ended.data).toEqual({ endSession: true });
      await platform.settle();
      const refused = await platform.gql(ME, {}, { token: phone.accessToken });
      expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
      expect(refused.errors![0].message).toMatch(/session has ended/);
      expect((await platform.gql(ME, {}, { token: laptop.accessToken })).data.me.id).toBe(DEMO_USERS.CITIZEN_BAKYT);

      const notice = (await noticesOf(laptop.accessToken)).filter((n) => n.type === 'SESSION_ENDED');
      expect(notice).toEqual([{ type: 'SESSION_ENDED', ru: 'Один из сеансов завершён', body: expect.stringContaining('KG Portal Android/3.0'), application: null }]);
    });

    it('changes the password: the other sessions are refused at once, the current one goes on, the old password fails, the new one works', async () => {
      const here = await signIn('officer.grs@portal.kg', 'Officer2026!');
      const elsewhere = await signIn('officer.grs@portal.kg', 'Officer2026!');
      const changed = await platform.gql('mutation { changePassword(currentPassword: "Officer2026!", newPassword: "Registry-2027-new") }', {}, { token: here.accessToken });
      expect(changed.data).toEqual({ changePassword: true });
      await platform.settle();

      expect(errorCodes(await platform.gql(ME, {}, { token: elsewhere.accessToken }))).toEqual(['UNAUTHENTICATED']);
      expect((await platform.gql(ME, {}, { token: here.accessToken })).data.me.id).toBe(DEMO_USERS.OFFICER_GRS);
      expect(errorCodes(await platform.gql(LOGIN, { i: { login: 'officer.grs@portal.kg', password: 'Officer2026!' } }))).toEqual(['UNAUTHENTICATED']);
      await signIn('officer.grs@portal.kg', 'Registry-2027-new');

      const notice = (await noticesOf(here.accessToken)).filter((n) => n.type === 'PASSWORD_CHANGED');
      expect(notice).toEqual([{ type: 'PASSWORD_CHANGED', ru: 'Пароль учётной записи изменён', body: expect.stringContaining('Все остальные сеансы завершены: 1.'), application: null }]);
    });

    it('accepts the current terms (the same version again records nothing new)', async () => {
      const aigul = await signIn('aigul@example.kg', 'Citizen2026!');
      const current = (await platform.gql('{ currentTermsVersion me { acceptedTermsVersion } }', {}, { token: aigul.accessToken })).data;
      expect(current.me.acceptedTermsVersion).toBe(current.currentTermsVersion);
      const accepted = await platform.gql('mutation($v: String!) { acceptTerms(version: $v) { acceptedTermsVersion } }', { v: current.currentTermsVersion }, { token: aigul.accessToken });
      expect(accepted.data).toEqual({ acceptTerms: { acceptedTermsVersion: current.currentTermsVersion } });
      await platform.settle();
      expect((await noticesOf(aigul.accessToken)).filter((n) => n.type === 'TERMS_ACCEPTED')).toEqual([]);
    });
  });
});
