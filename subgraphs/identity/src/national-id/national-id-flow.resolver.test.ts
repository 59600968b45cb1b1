import { DEMO_USERS, type TestSubgraph, startTestSubgraph } from '@portal/kit';
import { type NationalIdStandin, type TundukStandin } from '@portal/standins';
import { exportJWK, generateKeyPair } from 'jose';
import { createIdentitySubgraph } from '../subgraph';
import { firstError, startRegisterStandins, testIdentityConfig } from '../testing';

/**
 * The national-ID sign-in's trust: an authorization-code flow with state and nonce, one use of each
 * ID token, and no silent merge into an existing password account.
 */
const START = 'mutation($uri: String!) { startNationalIdLogin(redirectUri: $uri) { authorizationUrl state } }';
const COMPLETE = 'mutation($code: String!, $state: String!) { completeNationalIdLogin(code: $code, state: $state) { accessToken refreshToken user { id pin fullName email phone } } }';
const LOGIN = 'mutation($token: String!) { loginWithNationalId(idToken: $token) { refreshToken user { id } } }';
const PASSWORD_LOGIN = 'mutation($login: String!, $password: String!) { login(input: { login: $login, password: $password }) { refreshToken } }';
const RU = { acceptLanguage: 'RU' as const };
const CALLBACK = 'https://portal.example.kg/auth/callback';

interface Start {
  startNationalIdLogin: { authorizationUrl: string; state: string };
}
interface Complete {
  completeNationalIdLogin: { accessToken: string; refreshToken: string; user: { id: string; pin: string; fullName: string; email: string | null; phone: string | null } };
}

const TIMUR = { pin: '21010200000018', name: 'Timur Usenov', birthdate: '2000-10-10' };

describe('national-ID sign-in: authorization code, state, nonce, one-time tokens, takeover', () => {
  let nationalId: NationalIdStandin;
  let registers: Awaited<ReturnType<typeof startRegisterStandins>>;
  let tunduk: TundukStandin;
  let identity: TestSubgraph;
  beforeAll(async () => {
    // the national-ID stand-in puts everyone it signs a token for into the population register, as `npm start` does
    registers = await startRegisterStandins({ nationalId: true });
    nationalId = registers.nationalId!;
    tunduk = registers.tunduk;
    identity = await startTestSubgraph(createIdentitySubgraph(testIdentityConfig(registers.env)), { seed: true });
  });
  afterAll(async () => {
    await identity?.close();
    await registers?.close();
  });
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => identity.orm.em.fork().execute<T[]>(query, params);

  /** Starts a sign-in and lets the person authenticate at the stand-in, as the browser would. */
  async function authorizeAt(person: { pin: string; name: string; email?: string; phone_number?: string }, redirectUri = CALLBACK) {
    const started = await identity.request<Start>(START, { uri: redirectUri }, RU);
    expect(started.errors).toBeUndefined();
    const { authorizationUrl, state } = started.data!.startNationalIdLogin;
    const params = Object.fromEntries(new URL(authorizationUrl).searchParams) as Record<string, string>;
    const answer = nationalId.authorize(person, { response_type: params.response_type, client_id: params.client_id, redirect_uri: params.redirect_uri, state: params.state, nonce: params.nonce, scope: params.scope });
    return { state, code: answer.code, params, redirectUrl: answer.redirectUrl };
  }
  const complete = (code: string, state: string) => identity.request<Complete>(COMPLETE, { code, state }, RU);

  describe('refused', () => {
    it.each([
      ['an origin not on the allow-list', 'https://evil.example.com/auth/callback'],
      ['another path than the exact allowed one', 'https://portal.example.kg/auth/other'],
      ['a look-alike host of an allowed prefix', 'http://localhost:5173.evil.example.com/'],
      ['a fragment', 'http://localhost:5173/callback#x'],
      ['user information', 'http://user@localhost:5173/callback'],
      ['a script URL', 'javascript:alert(1)'],
      ['no URL at all', 'callback'],
    ])('startNationalIdLogin with %s as redirectUri', async (_what, uri) => {
      const error = firstError(await identity.request(START, { uri }, RU));
      expect(error).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/адреса возврата \(redirectUri\) нет в списке разрешённых/), extensions: { field: 'redirectUri' } });
    });

    it('a state this portal never issued, and one already completed', async () => {
      expect(firstError(await complete('some-code', 'x'.repeat(43)))).toMatchObject({ code: 'UNAUTHENTICATED', extensions: { reason: 'UNKNOWN_STATE' } });
      expect(firstError(await complete('some-code', 'short'))).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/не был начат на этом портале, уже завершён или истёк/) });

      const { code, state } = await authorizeAt(TIMUR);
      expect((await complete(code, state)).errors).toBeUndefined();
      expect(firstError(await complete(code, state))).toMatchObject({ code: 'UNAUTHENTICATED', extensions: { reason: 'UNKNOWN_STATE' } });
    });

    it('an expired start', async () => {
      const { code, state } = await authorizeAt(TIMUR);
      await sql("update identity.national_id_login_start set expires_at = now() - interval '1 second' where completed_at is null");
      expect(firstError(await complete(code, state))).toMatchObject({ code: 'UNAUTHENTICATED', extensions: { reason: 'UNKNOWN_STATE' } });
    });

    it("a code obtained for someone else's sign-in, completed under one's own state (code injection): the nonce differs", async () => {
      const victim = await authorizeAt(TIMUR);
      const attacker = await authorizeAt({ pin: '10106199300086', name: 'Nazira Kadyrova' });
      const error = firstError(await complete(victim.code, attacker.state));
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', extensions: { reason: 'NONCE_MISMATCH' } });
    });

    it('a code used a second time (the national system refuses it)', async () => {
      const first = await authorizeAt(TIMUR);
      expect((await complete(first.code, first.state)).errors).toBeUndefined();
      const second = await identity.request<Start>(START, { uri: CALLBACK }, RU);
      const error = firstError(await complete(first.code, second.data!.startNationalIdLogin.state));
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/не приняла код входа/), extensions: { reason: 'CODE_REFUSED' } });
    });

    it('the same ID token a second time, also when both uses race', async () => {
      const token = await nationalId.issueIdToken(TIMUR);
      expect((await identity.request(LOGIN, { token }, RU)).errors).toBeUndefined();
      const replay = firstError(await identity.request(LOGIN, { token }, RU));
      expect(replay).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/уже использован: каждым токеном можно войти только один раз/), extensions: { reason: 'REPLAYED' } });

      const raced = await nationalId.issueIdToken(TIMUR);
      const results = await Promise.all([0, 1, 2].map(() => identity.request(LOGIN, { token: raced }, RU)));
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.filter((r) => r.errors).map((r) => firstError(r).extensions.reason)).toEqual(['REPLAYED', 'REPLAYED']);
    });

    it('a token with a nonce of no sign-in started here, and the token of a completed flow handed over again', async () => {
      const foreign = await nationalId.issueIdToken(TIMUR, { nonce: 'a-nonce-this-portal-never-issued' });
      expect(firstError(await identity.request(LOGIN, { token: foreign }, RU))).toMatchObject({ code: 'UNAUTHENTICATED', extensions: { reason: 'NONCE_MISMATCH' } });

      const started = await authorizeAt(TIMUR);
      const issued = await nationalId.issueIdToken(TIMUR, { nonce: started.params.nonce });
      expect((await complete(started.code, started.state)).errors).toBeUndefined();
      // the start is spent: its nonce binds no further sign-in
      expect(firstError(await identity.request(LOGIN, { token: issued }, RU))).toMatchObject({ code: 'UNAUTHENTICATED', extensions: { reason: 'NONCE_MISMATCH' } });
    });

    it('a token of another issuer', async () => {
      const error = firstError(await identity.request(LOGIN, { token: await nationalId.issueIdToken(TIMUR, { issuer: 'https://id.elsewhere.example' }) }, RU));
      expect(error).toMatchObject({ code: 'UNAUTHENTICATED', extensions: { reason: 'WRONG_AUDIENCE_OR_ISSUER' } });
    });
  });

  describe('allowed', () => {
    it('the authorization-code flow: the browser goes to the national system with state and nonce, and the code signs in once', async () => {
      const started = await identity.request<Start>(START, { uri: 'http://localhost:5173/auth/national-id?lang=ru' }, RU);
      expect(started.errors).toBeUndefined();
      const { authorizationUrl, state } = started.data!.startNationalIdLogin;
      expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const url = new URL(authorizationUrl);
      expect(`${url.origin}${url.pathname}`).toBe(nationalId.authorizationUrl);
      expect(Object.fromEntries(url.searchParams)).toEqual({
        response_type: 'code',
        client_id: nationalId.clientId,
        redirect_uri: 'http://localhost:5173/auth/national-id?lang=ru',
        scope: 'openid',
        state,
        nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      // only a hash of the state is kept
      expect(await sql('select 1 from identity.national_id_login_start where state_hash = ?', [state])).toEqual([]);

      // the person signs in at the stand-in's page, which redirects back with code and state
      const form = new URLSearchParams({ ...Object.fromEntries(url.searchParams), pin: '12205199800037', name: 'Aibek Jumabaev' });
      const page = await fetch(authorizationUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<form method="post" action="/authorize">');
      const redirect = await fetch(nationalId.authorizationUrl, { method: 'POST', body: form, redirect: 'manual' });
      expect(redirect.status).toBe(302);
      const back = new URL(redirect.headers.get('location')!);
      expect(`${back.origin}${back.pathname}`).toBe('http://localhost:5173/auth/national-id');
      expect(back.searchParams.get('state')).toBe(state);

      const signedIn = await complete(back.searchParams.get('code')!, state);
      expect(signedIn.errors).toBeUndefined();
      expect(signedIn.data!.completeNationalIdLogin.user).toMatchObject({ pin: '12205199800037', fullName: 'Aibek Jumabaev' });
      const [session] = await sql("select method from identity.session where user_id = ?", [signedIn.data!.completeNationalIdLogin.user.id]);
      expect(session).toEqual({ method: 'NATIONAL_ID' });
      const [spent] = await sql<{ completed_at: string | null }>('select completed_at from identity.national_id_login_start where nonce = ?', [url.searchParams.get('nonce')]);
      expect(spent.completed_at).not.toBeNull();
      const uses = await sql<{ token_id: string }>('select token_id from identity.national_id_token_use');
      expect(uses.length).toBeGreaterThan(0);
      expect(uses.every((use) => use.token_id.startsWith('jti:'))).toBe(true);
    });

    it("a password account never linked to the national ID is taken over: password, sessions, keys and unconfirmed contacts revoked, the holder told", async () => {
      const bakyt = { userId: DEMO_USERS.CITIZEN_BAKYT, roles: ['CITIZEN' as const] };
      // whoever set the password has a session and a signing key
      const passwordSession = await identity.request<{ login: { refreshToken: string } }>(PASSWORD_LOGIN, { login: 'bakyt@example.kg', password: 'Citizen2026!' });
      expect(passwordSession.errors).toBeUndefined();
      const { publicKey } = await generateKeyPair('ES256', { extractable: true });
      const key = await identity.request<{ registerSigningKey: { id: string } }>('mutation($jwk: JSON!) { registerSigningKey(publicKeyJwk: $jwk) { id } }', { jwk: await exportJWK(publicKey) }, bakyt);
      expect(key.errors).toBeUndefined();
      const keyId = key.data!.registerSigningKey.id;

      const { code, state } = await authorizeAt({ pin: '20308198500017', name: 'Bakyt Toktogulov', phone_number: '+996 700 100 102' });
      const result = await complete(code, state);
      expect(result.errors).toBeUndefined();
      // the same account (its applications stay), the registry's contacts only
      expect(result.data!.completeNationalIdLogin.user).toMatchObject({ id: DEMO_USERS.CITIZEN_BAKYT, pin: '20308198500017', email: null, phone: '+996700100102' });

      const [account] = await sql('select password_hash, email from identity.user_account where id = ?', [DEMO_USERS.CITIZEN_BAKYT]);
      expect(account).toEqual({ password_hash: null, email: null });
      const sessions = await sql<{ method: string; revoked_reason: string | null }>('select method, revoked_reason from identity.session where user_id = ? order by created_at', [DEMO_USERS.CITIZEN_BAKYT]);
      expect(sessions).toEqual([
        { method: 'PASSWORD', revoked_reason: 'ACCOUNT_TAKEN_OVER' },
        { method: 'NATIONAL_ID', revoked_reason: null },
      ]);
      const [revokedKey] = await sql<{ revoked_at: string | null }>('select revoked_at from identity.signing_key where id = ?', [keyId]);
      expect(revokedKey.revoked_at).not.toBeNull();
      const [link] = await sql<{ took_over_at: string | null; created_account: boolean }>('select took_over_at, created_account from identity.national_id_link where user_id = ?', [DEMO_USERS.CITIZEN_BAKYT]);
      expect(link.created_account).toBe(false);
      expect(link.took_over_at).not.toBeNull();

      const events = await sql<{ type: string; payload: Record<string, unknown> }>("select type, payload from identity.outbox where type in ('SessionsEnded', 'SigningKeyRevoked', 'AccountTakenOverByNationalId') and payload->>'userId' = ? order by id", [DEMO_USERS.CITIZEN_BAKYT]);
      expect(events).toEqual([
        { type: 'SessionsEnded', payload: expect.objectContaining({ reason: 'ACCOUNT_TAKEN_OVER', sessionIds: [expect.any(String)] }) },
        { type: 'SigningKeyRevoked', payload: expect.objectContaining({ keyId }) },
        { type: 'AccountTakenOverByNationalId', payload: expect.objectContaining({ passwordCleared: true, sessionsEnded: 1, signingKeysRevoked: 1 }) },
      ]);

      // the old password and the old refresh token no longer work
      expect(firstError(await identity.request(PASSWORD_LOGIN, { login: '20308198500017', password: 'Citizen2026!' }, RU)).code).toBe('UNAUTHENTICATED');
      const refresh = await identity.request('mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', { t: passwordSession.data!.login.refreshToken }, RU);
      expect(firstError(refresh).code).toBe('UNAUTHENTICATED');

      // signing in again is an ordinary sign-in: no second takeover
      const again = await authorizeAt({ pin: '20308198500017', name: 'Bakyt Toktogulov' });
      expect((await complete(again.code, again.state)).errors).toBeUndefined();
      expect(await sql("select 1 from identity.outbox where type = 'AccountTakenOverByNationalId' and aggregate_id = ?", [DEMO_USERS.CITIZEN_BAKYT])).toHaveLength(1);
    });
  });
});
