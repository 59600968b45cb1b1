import { generateKeyPair, SignJWT } from 'jose';
import { DEMO_USERS } from '@portal/kit';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { registerSimpleSigner } from '../support/signing';
import { subscribe, type Subscriber } from '../support/subscriptions';

const MY_UPDATES = 'subscription { myApplicationUpdates { to application { id } } }';
const NO_CRIMINAL_RECORD = '7c1e2d3a-4b5c-4d6e-8f70-000000000101';
const EVERY_FEED: Record<string, string> = {
  myApplicationUpdates: MY_UPDATES,
  applicationStatusChanged: 'subscription { applicationStatusChanged(applicationId: "00000000-0000-4000-8000-000000000000") { to } }',
  providerQueueUpdates: 'subscription { providerQueueUpdates { to } }',
  notificationAdded: 'subscription { notificationAdded { id } }',
};

/** The first error a subscription got, waiting at most `ms`: a refusal must come at once, not with the next event. */
async function refusal(subscriber: Subscriber, ms = 3000): Promise<{ code: unknown; message: string }> {
  await subscriber.waitFor(() => subscriber.errors.length > 0, ms);
  const first = [subscriber.errors].flat(2)[0] as { message: string; extensions?: { code?: unknown } };
  return { code: first.extensions?.code, message: first.message };
}

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

  it('refuses every feed to an anonymous connection at once (4403)', async () => {
    for (const [feed, query] of Object.entries(EVERY_FEED)) {
      const subscriber = subscribe(platform.gatewayUrl, query);
      const opened = Date.now();
      expect({ feed, code: await subscriber.closed }).toEqual({ feed, code: 4403 });
      expect(Date.now() - opened).toBeLessThan(3000);
      expect(subscriber.events).toEqual([]);
      await subscriber.dispose();
    }
  });

  it("refuses, at once and with FORBIDDEN, another citizen's application and one of another provider; lets its own provider's officer in", async () => {
    const bakyt = await platform.login('bakyt@example.kg', 'Citizen2026!');
    const signer = await registerSimpleSigner(platform, bakyt);
    await platform.settle();
    const draft = await platform.gql('mutation($i: SaveDraftInput!) { saveDraft(input: $i) { id data } }', { i: { serviceId: NO_CRIMINAL_RECORD, data: { purpose: 'employment' } } }, { token: bakyt });
    const { id, data } = draft.data.saveDraft;
    const signature = await signer.sign({ applicationId: id, serviceId: NO_CRIMINAL_RECORD, data });
    const submitted = await platform.gql('mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { status } }', { i: { applicationId: id, signature, signingKeyId: signer.keyId } }, { token: bakyt });
    expect(submitted.data.submitApplication.status).toBe('SUBMITTED');
    await platform.settle();

    const query = 'subscription($id: ID!) { applicationStatusChanged(applicationId: $id) { to application { id } } }';
    const aigul = subscribe(platform.gatewayUrl, query, { token: await platform.login('aigul@example.kg', 'Citizen2026!'), variables: { id } });
    const otherProvider = subscribe(platform.gatewayUrl, query, { token: await platform.login('officer.grs@portal.kg', 'Officer2026!'), variables: { id } });
    const ownProvider = subscribe(platform.gatewayUrl, query, { token: await platform.login('officer.mvd@portal.kg', 'Officer2026!'), variables: { id } });
    expect(await refusal(aigul)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(otherProvider)).toMatchObject({ code: 'FORBIDDEN' });

    // nothing more reaches the refused ones when the application changes; its provider's officer sees it
    const officer = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
    const accepted = await platform.gql('mutation($id: ID!) { acceptApplication(applicationId: $id) { status } }', { id }, { token: officer });
    expect(accepted.data.acceptApplication.status).toBe('IN_REVIEW');
    await ownProvider.waitFor((events) => events.length === 1);
    expect(ownProvider.events[0].applicationStatusChanged).toEqual({ to: 'IN_REVIEW', application: { id } });
    expect(ownProvider.errors).toEqual([]);
    expect([aigul.events, otherProvider.events]).toEqual([[], []]);
    await Promise.all([aigul, otherProvider, ownProvider].map((s) => s.dispose()));
  });

  it('refuses the provider queue, at once and with FORBIDDEN, to a citizen and to the operator', async () => {
    for (const [login, password] of [['aigul@example.kg', 'Citizen2026!'], ['operator@portal.kg', 'Operator2026!']]) {
      const subscriber = subscribe(platform.gatewayUrl, EVERY_FEED.providerQueueUpdates, { token: await platform.login(login, password) });
      expect({ login, ...(await refusal(subscriber)) }).toMatchObject({ login, code: 'FORBIDDEN' });
      await subscriber.dispose();
    }
  });

  it('refuses, at once with BAD_USER_INPUT, a `since` that is not a cursor or names no event, in the subscriber\'s language', async () => {
    const citizen = await platform.login('aigul@example.kg', 'Citizen2026!'); // prefers Kyrgyz
    const officer = await platform.login('officer.mvd@portal.kg', 'Officer2026!'); // prefers Russian
    const feeds: Array<[string, string, Record<string, unknown>]> = [
      [citizen, 'subscription($since: String) { myApplicationUpdates(since: $since) { to } }', {}],
      [officer, 'subscription($since: String) { providerQueueUpdates(since: $since) { to } }', {}],
      [citizen, 'subscription($since: String, $id: ID!) { applicationStatusChanged(applicationId: $id, since: $since) { to } }', { id: '00000000-0000-4000-8000-000000000000' }],
    ];
    const noEvent = Buffer.from('log:999999999').toString('base64url');
    for (const [token, query, variables] of feeds) {
      for (const since of ['42', 'bm90LWEtY3Vyc29y', noEvent]) {
        const subscriber = subscribe(platform.gatewayUrl, query, { token, variables: { ...variables, since } });
        const refused = await refusal(subscriber);
        // the unknown application is refused first (NOT_FOUND) when the cursor itself is well-formed
        const expected = query.includes('applicationId') && since === noEvent ? 'NOT_FOUND' : 'BAD_USER_INPUT';
        expect({ query, since, code: refused.code }).toEqual({ query, since, code: expected });
        if (expected === 'BAD_USER_INPUT') expect(refused.message).toMatch(token === officer ? /курсор/ : /курсору|курсор/);
        await subscriber.dispose();
      }
    }
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
