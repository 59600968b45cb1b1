import { DEMO_USERS, type TestSubgraph, startTestSubgraph } from '@portal/kit';
import { createRemoteJWKSet } from 'jose';
import { createIdentitySubgraph } from '../subgraph';
import { firstError, testIdentityConfig } from '../testing';
import { JWKS_PATH, verifyAccessToken } from './access-token';

const LOGIN = `mutation($login: String!, $password: String!) {
  login(input: { login: $login, password: $password }) { accessToken refreshToken accessTokenExpiresAt refreshTokenExpiresAt user { id roles } }
}`;
const REFRESH = 'mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken refreshToken user { id } } }';
const LOGOUT = 'mutation($token: String) { logout(refreshToken: $token) }';

interface Tokens {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
  user: { id: string; roles: string[] };
}

const RU = { acceptLanguage: 'RU' as const };

describe('sessions', () => {
  let identity: TestSubgraph;
  beforeAll(async () => {
    identity = await startTestSubgraph(createIdentitySubgraph(testIdentityConfig()), { seed: true });
  });
  afterAll(() => identity.close());

  const login = async (loginName: string, password: string, caller: Record<string, unknown> = {}) => identity.request<{ login: Tokens }>(LOGIN, { login: loginName, password }, caller);
  const signIn = async (loginName = 'aigul@example.kg', password = 'Citizen2026!') => {
    const result = await login(loginName, password);
    if (!result.data?.login) throw new Error(JSON.stringify(result.errors));
    return result.data.login;
  };
  const refresh = (token: string) => identity.request<{ refreshSession: Tokens }>(REFRESH, { token }, RU);
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => identity.orm.em.fork().execute<T[]>(query, params);

  describe('login', () => {
    describe('refused', () => {
      it('a wrong password or an unknown login, with the same answer for both', async () => {
        const wrong = firstError(await login('operator@portal.kg', 'Operator2025!', RU));
        expect(wrong).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Неверный логин или пароль.' });
        const unknown = firstError(await login('nobody@portal.kg', 'Operator2026!', RU));
        expect(unknown).toEqual(wrong);
        const garbage = firstError(await login('???', 'Operator2026!'));
        expect(garbage).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Логин же сырсөз туура эмес.' });
      });

      it('an account after 5 failures in 15 minutes, even with the right password, saying when to retry', async () => {
        for (let attempt = 1; attempt <= 5; attempt++) {
          expect(firstError(await login('+996700200202', `Wrong-${attempt}-password`)).code).toBe('UNAUTHENTICATED');
        }
        const limited = firstError(await login('officer.grs@portal.kg', 'Officer2026!', RU));
        expect(limited.code).toBe('RATE_LIMITED');
        expect(limited.message).toMatch(/Слишком много неудачных попыток входа в эту учётную запись/);
        expect(limited.extensions.retryAfterSeconds).toBeGreaterThan(14 * 60);
        expect(limited.extensions.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
        // another account is not affected
        expect((await login('officer.sts@portal.kg', 'Officer2026!')).errors).toBeUndefined();
      });

      it('an address after 30 failures in 15 minutes, whatever the accounts', async () => {
        const attacker = { ip: '203.0.113.66', ...RU };
        for (let attempt = 1; attempt <= 30; attempt++) {
          expect(firstError(await login(`guess${attempt}@example.kg`, 'Password2026', attacker)).code).toBe('UNAUTHENTICATED');
        }
        const limited = firstError(await login('officer.minjust@portal.kg', 'Officer2026!', attacker));
        expect(limited).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/с этого сетевого адреса/) });
        expect(limited.extensions.retryAfterSeconds).toBeGreaterThan(0);
        // the same account from elsewhere still signs in: failures are shared through Postgres, per address
        expect((await login('officer.minjust@portal.kg', 'Officer2026!', { ip: '192.0.2.10' })).errors).toBeUndefined();
        const [{ count }] = await sql<{ count: string }>('select count(*) from identity.login_failure where ip = ?', ['203.0.113.66']);
        expect(Number(count)).toBe(30);
      });
    });

    describe('allowed', () => {
      it.each([
        ['PIN', '11505199012345'],
        ['email', 'Aigul@Example.KG'],
        ['phone', '+996 700 100 101'],
      ])('by %s', async (_kind, loginName) => {
        const tokens = await signIn(loginName, 'Citizen2026!');
        expect(tokens.user).toEqual({ id: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN'] });
        const claims = await verifyAccessToken(tokens.accessToken, createRemoteJWKSet(new URL(`${identity.url}${JWKS_PATH}`)));
        expect(claims).toMatchObject({ sub: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN'], pid: null, lang: 'KY' });
        expect(new Date(tokens.accessTokenExpiresAt).getTime()).toBe(claims.exp * 1000);
        const [session] = await sql('select user_id, method from identity.session where id = ?', [claims.sid]);
        expect(session).toEqual({ user_id: DEMO_USERS.CITIZEN_AIGUL, method: 'PASSWORD' });
      });

      it("an officer's token carries the provider and the preferred language", async () => {
        const tokens = await signIn('officer.mvd@portal.kg', 'Officer2026!');
        const claims = await verifyAccessToken(tokens.accessToken, createRemoteJWKSet(new URL(`${identity.url}${JWKS_PATH}`)));
        expect(claims).toMatchObject({ roles: ['PROVIDER_OFFICER'], pid: '0b9c4c1e-6f4a-4e55-9a51-1f7c2f0a0001', lang: 'RU' });
      });

      it('stores refresh tokens only as hashes', async () => {
        const tokens = await signIn();
        const stored = await sql<{ token_hash: string }>('select token_hash from identity.refresh_token');
        expect(stored.some((row) => row.token_hash === tokens.refreshToken)).toBe(false);
        expect(stored.every((row) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
      });
    });
  });

  describe('refreshSession', () => {
    describe('refused', () => {
      it('a token that was never issued', async () => {
        expect(firstError(await refresh('A'.repeat(43)))).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Токен обновления сессии недействителен. Войдите заново.' });
        expect(firstError(await refresh('short'))).toMatchObject({ code: 'UNAUTHENTICATED' });
      });

      it('a used token again: reuse ends the whole family, the newest token included', async () => {
        const first = await signIn();
        const second = (await refresh(first.refreshToken)).data!.refreshSession;
        const reuse = firstError(await refresh(first.refreshToken));
        expect(reuse).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/уже был использован/) });
        expect(firstError(await refresh(second.refreshToken))).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/Сессия завершена/) });
        const sid = (await verifyAccessToken(second.accessToken, createRemoteJWKSet(new URL(`${identity.url}${JWKS_PATH}`)))).sid;
        const [session] = await sql('select revoked_reason from identity.session where id = ?', [sid]);
        expect(session).toEqual({ revoked_reason: 'REUSE_DETECTED' });
        // another sign-in of the same person is untouched
        const other = await signIn();
        expect((await refresh(other.refreshToken)).errors).toBeUndefined();
      });

      it('an expired token', async () => {
        const tokens = await signIn();
        await sql(`update identity.refresh_token set expires_at = now() - interval '1 second' where used_at is null and session_id in (select id from identity.session where user_id = ?)`, [
          DEMO_USERS.CITIZEN_AIGUL,
        ]);
        expect(firstError(await refresh(tokens.refreshToken))).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Срок действия сессии истёк. Войдите заново.' });
      });
    });

    describe('allowed', () => {
      it('rotates: a new refresh token of the same session, and a fresh access token', async () => {
        const first = await signIn('bakyt@example.kg');
        const second = await refresh(first.refreshToken);
        expect(second.errors).toBeUndefined();
        const next = second.data!.refreshSession;
        expect(next.refreshToken).not.toBe(first.refreshToken);
        expect(next.user.id).toBe(DEMO_USERS.CITIZEN_BAKYT);
        const keys = createRemoteJWKSet(new URL(`${identity.url}${JWKS_PATH}`));
        expect((await verifyAccessToken(next.accessToken, keys)).sid).toBe((await verifyAccessToken(first.accessToken, keys)).sid);
        const third = await refresh(next.refreshToken);
        expect(third.errors).toBeUndefined();
      });
    });
  });

  describe('logout', () => {
    describe('refused', () => {
      it('without a token and without signing in', async () => {
        expect(firstError(await identity.request(LOGOUT, {}))).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/Sign in first/) });
      });

      it("someone else's refresh token", async () => {
        const bakyt = await signIn('bakyt@example.kg');
        const error = firstError(await identity.request(LOGOUT, { token: bakyt.refreshToken }, { userId: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN'] }));
        expect(error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/belongs to another account/) });
        expect((await refresh(bakyt.refreshToken)).errors).toBeUndefined();
      });
    });

    describe('allowed', () => {
      it('with a refresh token: ends that session only, even without a valid access token', async () => {
        const phone = await signIn('operator@portal.kg', 'Operator2026!');
        const laptop = await signIn('operator@portal.kg', 'Operator2026!');
        expect((await identity.request(LOGOUT, { token: phone.refreshToken })).data).toEqual({ logout: true });
        expect(firstError(await refresh(phone.refreshToken)).message).toMatch(/Сессия завершена/);
        expect((await refresh(laptop.refreshToken)).errors).toBeUndefined();
        expect((await identity.request(LOGOUT, { token: phone.refreshToken })).data).toEqual({ logout: false });
      });

      it('without a token: ends every session of the signed-in user', async () => {
        const phone = await signIn('executor.mvd@portal.kg', 'Officer2026!');
        const laptop = await signIn('executor.mvd@portal.kg', 'Officer2026!');
        const result = await identity.request(LOGOUT, {}, { userId: DEMO_USERS.EXECUTOR_MVD, roles: ['PROVIDER_OFFICER'] });
        expect(result.data).toEqual({ logout: true });
        for (const tokens of [phone, laptop]) expect(firstError(await refresh(tokens.refreshToken)).code).toBe('UNAUTHENTICATED');
      });
    });
  });
});
