import { generateKeyPair, SignJWT } from 'jose';
import { DEMO_USERS } from '@portal/kit';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { subscribe } from '../support/subscriptions';

const MY_UPDATES = 'subscription { myApplicationUpdates { to application { id } } }';

describe('subscriptions: who may connect and subscribe', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('refuses a connection without a token (4403)', async () => {
    const subscriber = subscribe(platform.gatewayUrl, MY_UPDATES);
    expect(await subscriber.closed).toBe(4403);
    await subscriber.dispose();
  });

  it('refuses a connection with a forged token (4403)', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ roles: ['CITIZEN'] })
      .setProtectedHeader({ alg: 'ES256', kid: 'x' })
      .setIssuer('portal-identity')
      .setAudience('portal')
      .setSubject(DEMO_USERS.CITIZEN_AIGUL)
      .setExpirationTime('5m')
      .sign(privateKey);
    const subscriber = subscribe(platform.gatewayUrl, MY_UPDATES, { token: forged });
    expect(await subscriber.closed).toBe(4403);
    await subscriber.dispose();
  });

  it("refuses a citizen's subscription to the provider queue, and to another person's application", async () => {
    const token = await platform.login('aigul@example.kg', 'Citizen2026!');
    const queue = subscribe(platform.gatewayUrl, 'subscription { providerQueueUpdates { to } }', { token });
    await queue.waitFor(() => queue.errors.length > 0);
    expect(JSON.stringify(queue.errors)).toMatch(/provider officers only/);
    await queue.dispose();

    const unknown = subscribe(platform.gatewayUrl, 'subscription($id: ID!) { applicationStatusChanged(applicationId: $id) { to } }', {
      token,
      variables: { id: '00000000-0000-4000-8000-000000000000' },
    });
    await unknown.waitFor(() => unknown.errors.length > 0);
    expect(JSON.stringify(unknown.errors)).toMatch(/NOT_FOUND|FORBIDDEN|No such application/);
    await unknown.dispose();
  });

  it('refuses queries and mutations over the socket and invalid documents', async () => {
    const token = await platform.login('aigul@example.kg', 'Citizen2026!');
    const query = subscribe(platform.gatewayUrl, 'query { me { id } }', { token });
    await query.waitFor(() => query.errors.length > 0);
    expect(JSON.stringify(query.errors)).toMatch(/Only subscriptions/);
    await query.dispose();
    const invalid = subscribe(platform.gatewayUrl, 'subscription { myApplicationUpdates { nope } }', { token });
    await invalid.waitFor(() => invalid.errors.length > 0);
    expect(JSON.stringify(invalid.errors)).toMatch(/Cannot query field .{0,3}nope/);
    await invalid.dispose();
  });
});

describe('subscriptions: an expiring access token', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ env: { ACCESS_TOKEN_TTL_SECONDS: '2' } });
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('closes the connection with 4403 when the access token expires, and refuses the expired token afterwards', async () => {
    const token = await platform.login('aigul@example.kg', 'Citizen2026!');
    const subscriber = subscribe(platform.gatewayUrl, MY_UPDATES, { token });
    const opened = Date.now();
    expect(await subscriber.closed).toBe(4403);
    expect(Date.now() - opened).toBeGreaterThan(500);
    await subscriber.dispose();

    const late = subscribe(platform.gatewayUrl, MY_UPDATES, { token });
    expect(await late.closed).toBe(4403);
    await late.dispose();
    const http = await platform.gql('query { me { id } }', {}, { token });
    expect(http.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(http.errors?.[0]?.message).toMatch(/expired/);
  });
});
