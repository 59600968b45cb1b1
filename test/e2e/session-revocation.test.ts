import { DEMO_USERS } from '@portal/kit';
import { errorCodes, startGatewayReplica, startTestPlatform, type TestPlatform } from '../support/platform';
import { subscribe } from '../support/subscriptions';

const ME = 'query { me { id } }';
const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }';

describe('ended sessions and blocked accounts lose access at once, before their tokens expire', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(async () => {
    await platform?.close();
  });

  it("refuses a signed-out session's access token while the user's other session goes on", async () => {
    const first = (await platform.gql(LOGIN, { i: { login: 'aigul@example.kg', password: 'Citizen2026!' } })).data.login;
    const second = (await platform.gql(LOGIN, { i: { login: 'aigul@example.kg', password: 'Citizen2026!' } })).data.login;
    const live = subscribe(platform.gatewayUrl, 'subscription { notificationAdded { id } }', { token: first.accessToken });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const out = await platform.gql('mutation($t: String) { logout(refreshToken: $t) }', { t: first.refreshToken }, { token: first.accessToken });
    expect(out.data.logout).toBe(true);
    await platform.settle();

    const refused = await platform.gql(ME, {}, { token: first.accessToken });
    expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
    expect(refused.errors![0].message).toMatch(/session has ended/);
    expect(await live.closed).toBe(4403);
    await live.dispose();

    const stillIn = await platform.gql(ME, {}, { token: second.accessToken });
    expect(stillIn.data.me.id).toBe(DEMO_USERS.CITIZEN_AIGUL);

    // a gateway replica started after the logout learns it from the log too
    const late = await startGatewayReplica(platform);
    try {
      const ask = (token: string) =>
        fetch(late.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: ME }) }).then(
          (r) => r.json() as Promise<{ data?: { me: { id: string } }; errors?: Array<{ extensions: { code: string } }> }>,
        );
      expect((await ask(first.accessToken)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect((await ask(second.accessToken)).data?.me.id).toBe(DEMO_USERS.CITIZEN_AIGUL);
    } finally {
      await late.close();
    }
  });

  it("refuses a blocked user's access token and closes their subscriptions; unblocking lets them sign in again", async () => {
    const bakyt = await platform.login('bakyt@example.kg', 'Citizen2026!');
    const operator = await platform.login('operator@portal.kg', 'Operator2026!');
    const live = subscribe(platform.gatewayUrl, 'subscription { myApplicationUpdates { to } }', { token: bakyt });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const blocked = await platform.gql('mutation($id: ID!) { blockUser(userId: $id, reason: "False data in the profile") { blocked } }', { id: DEMO_USERS.CITIZEN_BAKYT }, { token: operator });
    expect(blocked.data.blockUser.blocked).toBe(true);
    await platform.settle();

    const refused = await platform.gql(ME, {}, { token: bakyt });
    expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
    expect(refused.errors![0].message).toMatch(/blocked/);
    expect(await live.closed).toBe(4403);
    await live.dispose();

    const unblocked = await platform.gql('mutation($id: ID!) { unblockUser(userId: $id, reason: "Data corrected") { blocked } }', { id: DEMO_USERS.CITIZEN_BAKYT }, { token: operator });
    expect(unblocked.data.unblockUser.blocked).toBe(false);
    await platform.settle();
    const again = await platform.login('bakyt@example.kg', 'Citizen2026!');
    expect((await platform.gql(ME, {}, { token: again })).data.me.id).toBe(DEMO_USERS.CITIZEN_BAKYT);
  });
});
