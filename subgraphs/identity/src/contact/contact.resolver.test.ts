import { DEMO_USERS, openOneTimeCode, type TestSubgraph, startTestSubgraph } from '@portal/kit';
import { decodeJwt } from 'jose';
import { createIdentitySubgraph } from '../subgraph';
import { firstError, testIdentityConfig } from '../testing';

const UPDATE = 'mutation($channel: ContactChannel!, $value: String!) { updateContact(channel: $channel, value: $value) { channel destination expiresAt } }';
const VERIFY = 'mutation($channel: ContactChannel!, $code: String!) { verifyContact(channel: $channel, code: $code) { id email phone emailVerified phoneVerified } }';
const ME = '{ me { email phone emailVerified phoneVerified } }';
const REQUEST_RESET = 'mutation($login: String!) { requestPasswordReset(login: $login) }';
const RESET = 'mutation($login: String!, $code: String!, $password: String!) { resetPassword(login: $login, code: $code, newPassword: $password) }';
const WITHDRAW = 'mutation($password: String) { withdrawConsent(password: $password) }';
const LOGIN = 'mutation($login: String!, $password: String!) { login(input: { login: $login, password: $password }) { accessToken refreshToken user { id } } }';
const REFRESH = 'mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken } }';
const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id emailVerified phoneVerified } } }`;
const VERIFIED_OF = 'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id emailVerified phoneVerified } } }';

const RU = { acceptLanguage: 'RU' as const };
const config = testIdentityConfig();

describe('contacts, password reset and withdrawal of consent', () => {
  let identity: TestSubgraph;
  beforeAll(async () => {
    identity = await startTestSubgraph(createIdentitySubgraph(config), { seed: true });
  });
  afterAll(() => identity.close());

  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => identity.orm.em.fork().execute<T[]>(query, params);
  const outbox = <P = Record<string, unknown>>(type: string, userId: string) =>
    sql<{ payload: P }>(`select payload from identity.outbox where type = ? and payload->>'userId' = ? order by id`, [type, userId]).then((rows) => rows.map((row) => row.payload));
  /** The code of the newest OneTimeCodeRequested of the user, opened as notifications opens it. */
  const lastCode = async (userId: string) => {
    const requests = await outbox<{ codeId: string; sealedCode: string; channel: string; destination: string; purpose: string }>('OneTimeCodeRequested', userId);
    const last = requests.at(-1)!;
    return { ...last, code: openOneTimeCode(config.oneTimeCodeKeys, last.codeId, last.sealedCode) };
  };
  const citizen = (userId: string, extra: Record<string, unknown> = {}) => ({ userId, roles: ['CITIZEN' as const], ...extra });
  let pinSequence = 40;
  const register = async (email: string, phone: string | null = null) => {
    pinSequence += 1;
    const result = await identity.request<{ register: { accessToken: string; refreshToken: string; user: { id: string; emailVerified: boolean; phoneVerified: boolean } } }>(REGISTER, {
      input: {
        kind: 'INDIVIDUAL',
        pin: `124121995000${pinSequence}`,
        fullName: 'Чолпон Токтосунова',
        email,
        phone,
        password: 'Cholpon-2026-pass',
        preferredLanguage: 'RU',
        acceptedTermsVersion: config.termsVersion,
        consentToPersonalDataProcessing: true,
      },
    });
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    const { accessToken, refreshToken, user } = result.data.register;
    return { ...user, accessToken, refreshToken, sessionId: decodeJwt(accessToken).sid as string };
  };

  describe('refused', () => {
    it('anonymous callers: contacts and consent are the signed-in holder\'s', async () => {
      expect(firstError(await identity.request(UPDATE, { channel: 'EMAIL', value: 'x@example.kg' })).code).toBe('UNAUTHENTICATED');
      expect(firstError(await identity.request(VERIFY, { channel: 'EMAIL', code: '123456' })).code).toBe('UNAUTHENTICATED');
      expect(firstError(await identity.request(WITHDRAW, { password: 'Citizen2026!' })).code).toBe('UNAUTHENTICATED');
    });

    it('whether contacts are verified: an officer (who may see the contacts) is refused; the operator (support) sees it', async () => {
      const reps = [{ __typename: 'User', id: DEMO_USERS.OFFICER_MVD }];
      const officer = { userId: DEMO_USERS.OFFICER_GRS, roles: ['PROVIDER_OFFICER' as const], providerId: null, ...RU };
      expect(firstError(await identity.request(VERIFIED_OF, { reps }, officer))).toMatchObject({ code: 'FORBIDDEN', message: 'Подтверждены ли контакты, видят только владелец учётной записи и оператор портала.' });
      const operator = { userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR' as const] };
      const seen = await identity.request(VERIFIED_OF, { reps: [{ __typename: 'User', id: DEMO_USERS.CITIZEN_BAKYT }] }, operator);
      expect(seen.data).toEqual({ _entities: [{ id: DEMO_USERS.CITIZEN_BAKYT, emailVerified: true, phoneVerified: true }] });
    });

    it('an address or phone in a wrong format, one already verified, one of another account', async () => {
      const aigul = citizen(DEMO_USERS.CITIZEN_AIGUL, RU);
      expect(firstError(await identity.request(UPDATE, { channel: 'EMAIL', value: 'aigul@@example' }, aigul))).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'Неверный адрес электронной почты, пример: name@example.kg.',
        extensions: { field: 'value', problem: 'EMAIL_FORMAT' },
      });
      expect(firstError(await identity.request(UPDATE, { channel: 'PHONE', value: '+996 12' }, citizen(DEMO_USERS.CITIZEN_AIGUL)))).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'Телефон номерин эл аралык форматта жазыңыз, мисалы: +996 700 123 456 (же 0700 123 456).',
        extensions: { problem: 'PHONE_FORMAT' },
      });
      expect(firstError(await identity.request(UPDATE, { channel: 'EMAIL', value: 'AIGUL@example.kg' }, aigul)).extensions).toMatchObject({ problem: 'ALREADY_VERIFIED' });
      expect(firstError(await identity.request(UPDATE, { channel: 'EMAIL', value: 'bakyt@example.kg' }, aigul)).code).toBe('CONFLICT');
      expect(await outbox('OneTimeCodeRequested', DEMO_USERS.CITIZEN_AIGUL)).toEqual([]);
    });
  });

  describe('a new email, confirmed with the code sent to it', () => {
    it('registration leaves contacts unverified; the code goes to the new address sealed, and the old address stays until it is confirmed', async () => {
      const cholpon = await register('cholpon@example.kg', '+996555010101');
      expect(cholpon).toMatchObject({ emailVerified: false, phoneVerified: false });
      expect((await outbox('UserProfileChanged', cholpon.id)).at(-1)).toMatchObject({ email: 'cholpon@example.kg', emailVerified: false, phoneVerified: false, closed: false });

      const aigul = citizen(DEMO_USERS.CITIZEN_AIGUL, RU);
      const challenge = await identity.request<{ updateContact: { channel: string; destination: string; expiresAt: string } }>(UPDATE, { channel: 'EMAIL', value: ' Aigul.New@Example.kg ' }, aigul);
      expect(challenge.data!.updateContact).toMatchObject({ channel: 'EMAIL', destination: 'aigul.new@example.kg' });
      const ttl = Date.parse(challenge.data!.updateContact.expiresAt) - Date.now();
      expect(ttl).toBeGreaterThan(9 * 60_000);
      expect(ttl).toBeLessThanOrEqual(10 * 60_000);

      const sent = await lastCode(DEMO_USERS.CITIZEN_AIGUL);
      expect(sent).toMatchObject({ channel: 'EMAIL', destination: 'aigul.new@example.kg', purpose: 'VERIFY_CONTACT', code: expect.stringMatching(/^\d{6}$/) });
      expect(sent.sealedCode).not.toContain(sent.code);
      // identity keeps only an HMAC of the code
      const [stored] = await sql<{ code_hash: string }>('select code_hash from identity.one_time_code where id = ?', [sent.codeId]);
      expect(stored.code_hash).not.toContain(sent.code);

      // until the code comes back the verified address stays the account's
      expect((await identity.request(ME, {}, aigul)).data).toEqual({ me: { email: 'aigul@example.kg', phone: '+996700100101', emailVerified: true, phoneVerified: true } });

      const wrongCode = sent.code === '000000' ? '000001' : '000000';
      expect(firstError(await identity.request(VERIFY, { channel: 'EMAIL', code: wrongCode }, aigul))).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'Неверный код. Осталось попыток: 4.',
        extensions: { field: 'code', problem: 'CODE_WRONG', attemptsLeft: 4 },
      });
      expect(firstError(await identity.request(VERIFY, { channel: 'EMAIL', code: '12ab' }, aigul)).extensions).toMatchObject({ problem: 'CODE_FORMAT' });
      expect(firstError(await identity.request(VERIFY, { channel: 'PHONE', code: sent.code }, aigul)).extensions).toMatchObject({ problem: 'NO_CODE' });

      const verified = await identity.request(VERIFY, { channel: 'EMAIL', code: ` ${sent.code.slice(0, 3)} ${sent.code.slice(3)} ` }, aigul);
      expect(verified.errors).toBeUndefined();
      expect(verified.data).toEqual({ verifyContact: { id: DEMO_USERS.CITIZEN_AIGUL, email: 'aigul.new@example.kg', phone: '+996700100101', emailVerified: true, phoneVerified: true } });
      expect((await outbox('UserProfileChanged', DEMO_USERS.CITIZEN_AIGUL)).at(-1)).toMatchObject({ email: 'aigul.new@example.kg', emailVerified: true, phoneVerified: true });
      expect(await outbox('ContactVerified', DEMO_USERS.CITIZEN_AIGUL)).toEqual([
        { userId: DEMO_USERS.CITIZEN_AIGUL, channel: 'EMAIL', value: 'aigul.new@example.kg', previousValue: 'aigul@example.kg', at: expect.any(String) },
      ]);
      const [change] = await sql("select action, channel, previous_value, new_value from identity.account_change where user_id = ? and action = 'CONTACT_VERIFIED'", [DEMO_USERS.CITIZEN_AIGUL]);
      expect(change).toEqual({ action: 'CONTACT_VERIFIED', channel: 'EMAIL', previous_value: 'aigul@example.kg', new_value: 'aigul.new@example.kg' });
      // a code works once
      expect(firstError(await identity.request(VERIFY, { channel: 'EMAIL', code: sent.code }, aigul)).extensions).toMatchObject({ problem: 'NO_CODE' });
      // the new address signs in
      expect((await identity.request(LOGIN, { login: 'aigul.new@example.kg', password: 'Citizen2026!' })).errors).toBeUndefined();
    });

    it('a phone in national form is stored in E.164; a code typed wrong five times is spent; an expired one is refused', async () => {
      const cholpon = await register('cholpon.2@example.kg');
      const holder = citizen(cholpon.id, RU);
      const challenge = await identity.request<{ updateContact: { destination: string } }>(UPDATE, { channel: 'PHONE', value: '0 (555) 02-02-02' }, holder);
      expect(challenge.data!.updateContact.destination).toBe('+996555020202');
      const sent = await lastCode(cholpon.id);
      expect(sent).toMatchObject({ channel: 'SMS', destination: '+996555020202' });
      const wrongCode = sent.code === '999999' ? '999998' : '999999';
      for (let i = 0; i < 5; i += 1) await identity.request(VERIFY, { channel: 'PHONE', code: wrongCode }, holder);
      expect(firstError(await identity.request(VERIFY, { channel: 'PHONE', code: sent.code }, holder))).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'Код слишком много раз введён неверно и больше не действует. Запросите новый код через updateContact.',
      });

      await identity.request(UPDATE, { channel: 'PHONE', value: '+7 912 345 67 89' }, holder);
      const international = await lastCode(cholpon.id);
      expect(international.destination).toBe('+79123456789');
      await sql("update identity.one_time_code set expires_at = now() - interval '1 second' where id = ?", [international.codeId]);
      expect(firstError(await identity.request(VERIFY, { channel: 'PHONE', code: international.code }, holder))).toMatchObject({
        message: 'Срок действия кода истёк. Запросите новый код через updateContact.',
        extensions: { problem: 'CODE_EXPIRED' },
      });
    });

    it('too many codes asked: RATE_LIMITED with the wait', async () => {
      const cholpon = await register('cholpon.3@example.kg');
      const holder = citizen(cholpon.id, RU);
      for (const n of [1, 2, 3]) expect((await identity.request(UPDATE, { channel: 'EMAIL', value: `cholpon.3.${n}@example.kg` }, holder)).errors).toBeUndefined();
      const limited = firstError(await identity.request(UPDATE, { channel: 'EMAIL', value: 'cholpon.3.4@example.kg' }, holder));
      expect(limited).toMatchObject({ code: 'RATE_LIMITED', message: 'Код запрашивали слишком много раз. Запросите новый код немного позже.' });
      expect(limited.extensions.retryAfterSeconds).toEqual(expect.any(Number));
      expect(limited.extensions.retryAfterSeconds as number).toBeGreaterThan(800);
      expect(await outbox('OneTimeCodeRequested', cholpon.id)).toHaveLength(3);
      // only the newest code counts: the older ones were voided
      const [{ open }] = await sql<{ open: number }>('select count(*)::int as open from identity.one_time_code where user_id = ? and voided_at is null and used_at is null', [cholpon.id]);
      expect(open).toBe(1);
    });
  });

  describe('password reset through a verified contact', () => {
    it('answers true whatever the login, sends a code only to a verified contact, and is throttled per login alike', async () => {
      const unverified = await register('cholpon.4@example.kg');
      for (const login of ['nobody@example.kg', 'cholpon.4@example.kg', '+996 555 99 99 99']) {
        expect((await identity.request(REQUEST_RESET, { login })).data).toEqual({ requestPasswordReset: true });
      }
      expect(await outbox('OneTimeCodeRequested', unverified.id)).toEqual([]);

      expect((await identity.request(REQUEST_RESET, { login: '20308198500017' })).data).toEqual({ requestPasswordReset: true });
      expect(await lastCode(DEMO_USERS.CITIZEN_BAKYT)).toMatchObject({ purpose: 'PASSWORD_RESET', channel: 'EMAIL', destination: 'bakyt@example.kg' });

      // three codes per login string in 15 minutes, whether it names an account or not ('nobody' was asked once above)
      for (const [login, more] of [['nobody@example.kg', 2], ['bakyt@example.kg', 3]] as const) {
        for (let i = 0; i < more; i += 1) expect((await identity.request(REQUEST_RESET, { login })).data).toEqual({ requestPasswordReset: true });
        const limited = firstError(await identity.request(REQUEST_RESET, { login }, RU));
        expect(limited).toMatchObject({ code: 'RATE_LIMITED', message: 'Код запрашивали слишком много раз. Запросите новый код немного позже.' });
      }
    });

    it('a wrong code, an unknown login and a weak password are refused; the right code sets the password and ends every session', async () => {
      const signIn = await identity.request<{ login: { accessToken: string; refreshToken: string } }>(LOGIN, { login: 'bakyt@example.kg', password: 'Citizen2026!' });
      const { refreshToken } = signIn.data!.login;
      const sent = await lastCode(DEMO_USERS.CITIZEN_BAKYT);
      const generic = 'Неверный логин или код, либо срок действия кода истёк. Запросите новый код через requestPasswordReset.';
      const wrongCode = sent.code === '111111' ? '111112' : '111111';
      expect(firstError(await identity.request(RESET, { login: 'bakyt@example.kg', code: wrongCode, password: 'Bakyt-new-2026' }, RU))).toMatchObject({ code: 'BAD_USER_INPUT', message: generic });
      expect(firstError(await identity.request(RESET, { login: 'nobody@example.kg', code: sent.code, password: 'Bakyt-new-2026' }, RU))).toMatchObject({ code: 'BAD_USER_INPUT', message: generic });
      expect(firstError(await identity.request(RESET, { login: 'bakyt@example.kg', code: sent.code, password: 'short1' }, RU))).toMatchObject({
        code: 'BAD_USER_INPUT',
        extensions: { field: 'newPassword', problem: 'PASSWORD_TOO_SHORT' },
      });

      expect((await identity.request(RESET, { login: 'bakyt@example.kg', code: sent.code, password: 'Bakyt-new-2026' })).data).toEqual({ resetPassword: true });
      expect(firstError(await identity.request(REFRESH, { token: refreshToken })).code).toBe('UNAUTHENTICATED');
      const ended = await outbox<{ reason: string; sessionIds: string[] }>('SessionsEnded', DEMO_USERS.CITIZEN_BAKYT);
      expect(ended.at(-1)).toMatchObject({ reason: 'PASSWORD_RESET' });
      expect(await outbox('PasswordReset', DEMO_USERS.CITIZEN_BAKYT)).toEqual([{ userId: DEMO_USERS.CITIZEN_BAKYT, at: expect.any(String), sessionsEnded: expect.any(Number), ip: null, channel: 'EMAIL' }]);
      expect(firstError(await identity.request(LOGIN, { login: 'bakyt@example.kg', password: 'Citizen2026!' })).code).toBe('UNAUTHENTICATED');
      expect((await identity.request(LOGIN, { login: 'bakyt@example.kg', password: 'Bakyt-new-2026' })).errors).toBeUndefined();
      // the code is spent
      expect(firstError(await identity.request(RESET, { login: 'bakyt@example.kg', code: sent.code, password: 'Bakyt-newer-2026' })).code).toBe('BAD_USER_INPUT');
    });
  });

  describe('withdrawal of consent', () => {
    it('needs the password, then closes the account: sessions end, sign-in is refused, it is recorded and announced', async () => {
      const cholpon = await register('cholpon.5@example.kg');
      const holder = citizen(cholpon.id, { ...RU, sessionId: cholpon.sessionId });
      expect(firstError(await identity.request(WITHDRAW, {}, holder)).extensions).toMatchObject({ field: 'password', problem: 'PASSWORD_REQUIRED' });
      expect(firstError(await identity.request(WITHDRAW, { password: 'not-the-password-1' }, holder)).extensions).toMatchObject({ problem: 'WRONG_CURRENT_PASSWORD' });

      expect((await identity.request(WITHDRAW, { password: 'Cholpon-2026-pass' }, holder)).data).toEqual({ withdrawConsent: true });
      expect((await outbox('UserProfileChanged', cholpon.id)).at(-1)).toMatchObject({ closed: true });
      expect(await outbox('ConsentWithdrawn', cholpon.id)).toEqual([{ userId: cholpon.id, at: expect.any(String), sessionsEnded: 1, termsVersion: config.termsVersion }]);
      expect((await outbox<{ reason: string }>('SessionsEnded', cholpon.id)).at(-1)).toMatchObject({ reason: 'CONSENT_WITHDRAWN', sessionIds: [cholpon.sessionId] });
      const closed = firstError(await identity.request(LOGIN, { login: 'cholpon.5@example.kg', password: 'Cholpon-2026-pass' }, RU));
      expect(closed).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('отозвал согласие') });
      expect(firstError(await identity.request(REFRESH, { token: cholpon.refreshToken }, RU))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('отозвал согласие') });
      const [change] = await sql("select action, sessions_ended from identity.account_change where user_id = ? and action = 'CONSENT_WITHDRAWN'", [cholpon.id]);
      expect(change).toEqual({ action: 'CONSENT_WITHDRAWN', sessions_ended: 1 });
      // again: nothing more happens
      expect((await identity.request(WITHDRAW, { password: 'Cholpon-2026-pass' }, holder)).data).toEqual({ withdrawConsent: true });
      expect(await outbox('ConsentWithdrawn', cholpon.id)).toHaveLength(1);
    });
  });
});
