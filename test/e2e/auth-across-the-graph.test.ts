import { CALLER_HEADER, DEMO_USERS, signCallerToken, TEST_INTERNAL_SECRET, testCaller } from '@portal/kit';
import { SignJWT, generateKeyPair } from 'jose';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const ME = 'query { me { id fullName roles pin } }';

describe('authentication and authorization across the graph', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ env: { METRICS_TOKEN: 'test-metrics-token' } });
  });
  afterAll(async () => {
    await platform?.close();
  });

  describe('refused', () => {
    it('a subgraph called directly, without the gateway: every operation, _entities and _service included', async () => {
      for (const subgraph of Object.values(platform.subgraphs)) {
        for (const query of ['{ _service { sdl } }', '{ __typename }', `{ _entities(representations: [{ __typename: "User", id: "${DEMO_USERS.CITIZEN_BAKYT}" }]) { __typename } }`]) {
          const response = await fetch(`${subgraph.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
          expect(response.status).toBe(401);
          const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
          expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
        }
      }
    });

    it('a subgraph called with a caller token signed by anyone but the gateway', async () => {
      const forged = await signCallerToken(testCaller({ userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR'] }), 'guessed-secret');
      const response = await fetch(`${platform.subgraphs.identity.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CALLER_HEADER]: forged },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      expect(response.status).toBe(401);
    });

    it("_entities for someone else's user, even with a genuine gateway token for a citizen", async () => {
      const token = await signCallerToken(testCaller({ userId: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN'] }), TEST_INTERNAL_SECRET);
      const response = await fetch(`${platform.subgraphs.identity.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CALLER_HEADER]: token },
        body: JSON.stringify({ query: `{ _entities(representations: [{ __typename: "User", id: "${DEMO_USERS.CITIZEN_BAKYT}" }]) { ... on User { pin fullName } } }` }),
      });
      const body = (await response.json()) as { data: { _entities: unknown[] }; errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.data._entities).toEqual([null]);
      expect(body.errors.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    });

    it('a forged access token (signed by another key) at the gateway', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const forged = await new SignJWT({ roles: ['OPERATOR'] })
        .setProtectedHeader({ alg: 'ES256', kid: 'attacker' })
        .setIssuer('portal-identity')
        .setAudience('portal')
        .setSubject(DEMO_USERS.OPERATOR)
        .setExpirationTime('5m')
        .sign(privateKey);
      const response = await platform.gql(ME, {}, { token: forged });
      expect(response.status).toBe(401);
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.errors![0].message).toMatch(/not valid/);
    });

    it('an operation nested deeper than the limit, and one asking for a field that does not exist', async () => {
      let nested = 'id';
      for (let i = 0; i < 7; i += 1) nested = `services { provider { ${nested} } }`;
      const deep = await platform.gql(`query { providers { ${nested} } }`);
      expect(errorCodes(deep)).toEqual(['BAD_USER_INPUT']);
      expect(deep.errors![0].message).toMatch(/depth/i);
      const unknown = await platform.gql('query { providers { nope } }');
      expect(errorCodes(unknown)).toEqual(['BAD_USER_INPUT']);
      expect(unknown.errors![0].message).toMatch(/Cannot query field "nope"/);
    });

    it('a body that is not JSON, and one too large, with BAD_USER_INPUT', async () => {
      const post = (body: string) => fetch(platform.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const broken = await post('{"query": ');
      expect(broken.status).toBe(400);
      expect(((await broken.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('BAD_USER_INPUT');
      const huge = await post(JSON.stringify({ query: `{ providers { code } } # ${'x'.repeat(300 * 1024)}` }));
      expect(huge.status).toBe(413);
      const hugeBody = (await huge.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(hugeBody.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(hugeBody.errors[0].message).toMatch(/at most 256 KiB/);
    });

    it("the gateway's metrics without the metrics token", async () => {
      const metricsUrl = platform.gatewayUrl.replace(/\/graphql$/, '/metrics');
      expect((await fetch(metricsUrl)).status).toBe(401);
      expect((await fetch(metricsUrl, { headers: { authorization: 'Bearer wrong-token-of-same-len' } })).status).toBe(401);
    });

    it('a malformed Authorization header', async () => {
      const response = await platform.gql(ME, {}, { headers: { authorization: 'Basic abc' } });
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.errors![0].message).toMatch(/Bearer/);
    });

    it("an access token whose payload was edited to claim another user's identity", async () => {
      const token = await platform.login('aigul@example.kg', 'Citizen2026!');
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const edited = Buffer.from(JSON.stringify({ ...claims, sub: DEMO_USERS.CITIZEN_BAKYT })).toString('base64url');
      const response = await platform.gql(ME, {}, { token: `${header}.${edited}.${signature}` });
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('allowed', () => {
    it('operations are counted for Prometheus, at the gateway (with its token) and at each subgraph', async () => {
      await platform.gql('query { providers { code } }');
      const gateway = await fetch(platform.gatewayUrl.replace(/\/graphql$/, '/metrics'), { headers: { authorization: 'Bearer test-metrics-token' } });
      expect(gateway.status).toBe(200);
      const gatewayText = await gateway.text();
      expect(gatewayText).toMatch(/graphql_requests_total\{[^}]*operation_type="query"[^}]*outcome="ok"[^}]*service="gateway"[^}]*\} [1-9]/);
      expect(gatewayText).toMatch(/graphql_subscriptions_active\{service="gateway"\} 0/);
      const catalog = await (await fetch(`${platform.subgraphs.catalog.url}/metrics`)).text();
      expect(catalog).toMatch(/graphql_request_duration_seconds_count\{[^}]*service="subgraph-catalog"[^}]*\} [1-9]/);
    });

    it('anonymous callers get me = null and the public catalogue', async () => {
      const response = await platform.gql('query { me { id } providers { code } }');
      expect(response.errors).toBeUndefined();
      expect(response.data.me).toBeNull();
      expect(response.data.providers.length).toBeGreaterThanOrEqual(4);
    });

    it('a signed-in citizen sees their own profile through the gateway', async () => {
      const token = await platform.login('aigul@example.kg', 'Citizen2026!');
      const response = await platform.gql(ME, {}, { token });
      expect(response.errors).toBeUndefined();
      expect(response.data.me).toMatchObject({ id: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN'] });
    });

    it("an officer's provider is resolved by the catalogue through the federation", async () => {
      const token = await platform.login('officer.mvd@portal.kg', 'Officer2026!');
      const response = await platform.gql('query { me { roles provider { code name(lang: RU) services { code } } } }', {}, { token });
      expect(response.errors).toBeUndefined();
      expect(response.data.me.roles).toEqual(['PROVIDER_OFFICER']);
      expect(response.data.me.provider.code).toBe('MVD');
      expect(response.data.me.provider.name).toMatch(/Министерство внутренних дел/);
      expect(response.data.me.provider.services.length).toBeGreaterThan(0);
    });

    it('answers in the language of Accept-Language when no lang argument is given', async () => {
      const ru = await platform.gql('query { providers { code name } }', {}, { headers: { 'accept-language': 'ru-RU,ru;q=0.9' } });
      const ky = await platform.gql('query { providers { code name } }', {}, { headers: { 'accept-language': 'ky' } });
      const mvdRu = ru.data.providers.find((p: { code: string }) => p.code === 'MVD').name;
      const mvdKy = ky.data.providers.find((p: { code: string }) => p.code === 'MVD').name;
      expect(mvdRu).toMatch(/Министерство/);
      expect(mvdKy).toMatch(/министрлиги/);
    });
  });
});
