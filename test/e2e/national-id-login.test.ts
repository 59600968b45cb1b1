import { DEMO_USERS } from '@portal/kit';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';
import { registerSimpleSigner } from '../support/signing';

const START = 'mutation($uri: String!) { startNationalIdLogin(redirectUri: $uri) { authorizationUrl state } }';
const COMPLETE = 'mutation($code: String!, $state: String!) { completeNationalIdLogin(code: $code, state: $state) { accessToken user { id pin fullName } } }';
const LOGIN = 'mutation($token: String!) { loginWithNationalId(idToken: $token) { accessToken user { id } } }';
const ME = '{ me { id fullName } }';

describe('national-ID sign-in through the gateway', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(async () => {
    await platform?.close();
  });

  /** What a web client does: start, send the browser to the national system (here: its test endpoint), come back with code and state. */
  async function signInWithNationalId(person: Record<string, string>): Promise<{ code: string; state: string }> {
    const started = await platform.gql(START, { uri: 'http://localhost:5173/auth/national-id' }, { headers: { 'accept-language': 'ru' } });
    expect(started.errors).toBeUndefined();
    const { authorizationUrl, state } = started.data.startNationalIdLogin;
    const params = Object.fromEntries(new URL(authorizationUrl).searchParams);
    const answer = await fetch(`${platform.nationalId.url}/test/authorize`, { method: 'POST', body: JSON.stringify({ ...person, ...params }) });
    expect(answer.status).toBe(200);
    const back = new URL(((await answer.json()) as { redirect_url: string }).redirect_url);
    expect(back.searchParams.get('state')).toBe(state);
    return { code: back.searchParams.get('code')!, state };
  }

  describe('refused', () => {
    it('a redirect URI that is not the portal’s', async () => {
      const response = await platform.gql(START, { uri: 'https://attacker.example.com/steal' });
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0].extensions).toMatchObject({ field: 'redirectUri' });
    });

    it('completing the same sign-in twice, and handing the same ID token over twice', async () => {
      const { code, state } = await signInWithNationalId({ pin: '21010200000018', name: 'Timur Usenov' });
      expect((await platform.gql(COMPLETE, { code, state })).errors).toBeUndefined();
      const again = await platform.gql(COMPLETE, { code, state });
      expect(errorCodes(again)).toEqual(['UNAUTHENTICATED']);
      expect(again.errors![0].extensions).toMatchObject({ reason: 'UNKNOWN_STATE' });

      const issued = await fetch(`${platform.nationalId.url}/test/id-token`, { method: 'POST', body: JSON.stringify({ pin: '21010200000018', name: 'Timur Usenov' }) });
      const { id_token: token } = (await issued.json()) as { id_token: string };
      expect((await platform.gql(LOGIN, { token })).errors).toBeUndefined();
      const replay = await platform.gql(LOGIN, { token });
      expect(errorCodes(replay)).toEqual(['UNAUTHENTICATED']);
      expect(replay.errors![0].extensions).toMatchObject({ reason: 'REPLAYED' });
    });
  });

  describe('allowed', () => {
    it('a new person signs in with the authorization-code flow', async () => {
      const { code, state } = await signInWithNationalId({ pin: '12205199800037', name: 'Aibek Jumabaev' });
      const result = await platform.gql(COMPLETE, { code, state });
      expect(result.errors).toBeUndefined();
      expect(result.data.completeNationalIdLogin.user).toMatchObject({ pin: '12205199800037', fullName: 'Aibek Jumabaev' });
      const me = await platform.gql(ME, {}, { token: result.data.completeNationalIdLogin.accessToken });
      expect(me.data.me).toMatchObject({ fullName: 'Aibek Jumabaev' });
    });

    it('the PIN of a password account: the national-ID identity takes it over; the old sessions, password and keys stop working, and the cabinet says so in both languages', async () => {
      const before = await platform.login('bakyt@example.kg', 'Citizen2026!');
      const signer = await registerSimpleSigner(platform, before);
      expect((await platform.gql(ME, {}, { token: before })).data.me.id).toBe(DEMO_USERS.CITIZEN_BAKYT);

      const { code, state } = await signInWithNationalId({ pin: '20308198500017', name: 'Bakyt Toktogulov' });
      const result = await platform.gql(COMPLETE, { code, state });
      expect(result.errors).toBeUndefined();
      const after = result.data.completeNationalIdLogin.accessToken;
      expect(result.data.completeNationalIdLogin.user.id).toBe(DEMO_USERS.CITIZEN_BAKYT);
      await platform.settle();

      // the session of whoever held the password ends at once, though its access token has not expired
      const refused = await platform.gql(ME, {}, { token: before });
      expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
      const password = await platform.gql('mutation { login(input: { login: "bakyt@example.kg", password: "Citizen2026!" }) { accessToken } }');
      expect(errorCodes(password)).toEqual(['UNAUTHENTICATED']);
      const keys = await platform.gql('{ me { signingKeys { id revokedAt } } }', {}, { token: after });
      expect(keys.data.me.signingKeys).toEqual([{ id: signer.keyId, revokedAt: expect.any(String) }]);

      const notices = await platform.gql('{ me { notifications { edges { node { type ru: title(lang: RU) ky: body(lang: KY) application { id } } } } } }', {}, { token: after });
      expect(notices.errors).toBeUndefined();
      const takeover = notices.data.me.notifications.edges.map((e: { node: Record<string, unknown> }) => e.node).filter((n: { type: string }) => n.type === 'ACCOUNT_TAKEN_OVER');
      expect(takeover).toEqual([
        { type: 'ACCOUNT_TAKEN_OVER', ru: 'Учётная запись закреплена за личностью, подтверждённой Единой системой идентификации', ky: expect.stringMatching(/мурунку сырсөз өчүрүлдү/), application: null },
      ]);
    });
  });
});
