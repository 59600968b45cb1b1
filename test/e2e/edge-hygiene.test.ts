import { jwksAccessTokenVerifier, OPERATION_LIMITS, type RunningGateway, startGateway } from '@portal/gateway';
import { DEMO_USERS, TEST_INTERNAL_SECRET } from '@portal/kit';
import { SUPERGRAPH_FILE } from '@portal/platform';
import { type CryptoKey, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { readFileSync } from 'node:fs';
import { errorCodes, startTestPlatform, type TestPlatform } from '../support/platform';

const WEB_ORIGIN = 'https://portal.example.kg';
const DEV_ORIGIN = 'http://localhost:5173';
const KEY_ID = 'edge-test-key';

const CATALOGUE_WITH_FORMS = `query Catalogue($first: Int) {
  services(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id title(lang: RU) description(lang: RU) fee { amountMinor currency } provider { id name(lang: RU) } rating { average count }
      requiredDocuments { code title(lang: RU) obtainedByPortal }
      form { steps { id title(lang: RU) fields { name type required pattern label(lang: RU) prefillFrom options { value label(lang: RU) } } } }
    } }
  }
}`;

const FRAGMENT_PER_TYPE_CATALOGUE = `query CatalogueScreen { services(first: 20) { ...ConnectionParts } }
fragment MoneyParts on Money { amountMinor currency __typename }
fragment ProviderParts on Provider { id name(lang: RU) __typename }
fragment OptionParts on FormOption { value label(lang: RU) __typename }
fragment FieldParts on FormField { name type required label(lang: RU) options { ...OptionParts } __typename }
fragment StepParts on FormStep { id title(lang: RU) fields { ...FieldParts } __typename }
fragment FormParts on FormDefinition { steps { ...StepParts } __typename }
fragment RatingParts on ServiceRating { average count __typename }
fragment ServiceParts on Service { id title(lang: RU) fee { ...MoneyParts } provider { ...ProviderParts } rating { ...RatingParts } form { ...FormParts } __typename }
fragment EdgeParts on ServiceEdge { node { ...ServiceParts } __typename }
fragment PageParts on PageInfo { hasNextPage endCursor __typename }
fragment ConnectionParts on ServiceConnection { totalCount pageInfo { ...PageParts } edges { ...EdgeParts } __typename }`;

const OFFICER_QUEUE = `query Queue($first: Int) {
  applicationQueue(first: $first) {
    totalCount
    edges { node {
      id number status dueAt intakeDueAt overdue
      applicant { id fullName pin }
      service { id title(lang: RU) provider { id name(lang: RU) } }
      accrual { id status uin amount { amountMinor currency } receipt { number paidAt } }
    } }
  }
}`;

describe('the gateway at the edge: cost, CORS, headers, token lifetime, schema hints', () => {
  let platform: TestPlatform;
  let signingKey: CryptoKey;
  const extra: RunningGateway[] = [];

  const signAccessToken = (claims: { iat?: number | null; exp?: number | null }) => {
    const now = Math.floor(Date.now() / 1000);
    let jwt = new SignJWT({ roles: ['CITIZEN'], lang: 'RU', sid: '3f0c1f4e-1111-4a4a-9a9a-000000000001' } as JWTPayload)
      .setProtectedHeader({ alg: 'ES256', kid: KEY_ID })
      .setIssuer('portal-identity')
      .setAudience('portal')
      .setSubject(DEMO_USERS.CITIZEN_AIGUL);
    if (claims.iat !== null) jwt = jwt.setIssuedAt(claims.iat ?? now);
    if (claims.exp !== null) jwt = jwt.setExpirationTime(claims.exp ?? now + 600);
    return jwt.sign(signingKey);
  };

  const replica = async (options: { hstsMaxAgeSeconds?: number; hideSchemaDetails?: boolean }) => {
    const gateway = await startGateway({
      supergraphSdl: readFileSync(SUPERGRAPH_FILE, 'utf8'),
      subgraphUrls: Object.fromEntries(Object.values(platform.subgraphs).map((subgraph) => [subgraph.name, `${subgraph.url}/graphql`])),
      internalSecret: TEST_INTERNAL_SECRET,
      verifier: jwksAccessTokenVerifier(`${platform.subgraphs.identity.url}/.well-known/jwks.json`),
      port: 0,
      ...options,
    });
    extra.push(gateway);
    return gateway;
  };

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    signingKey = pair.privateKey;
    const privateJwk = { ...(await exportJWK(pair.privateKey)), kid: KEY_ID };
    platform = await startTestPlatform({
      env: { IDENTITY_SIGNING_KEY: JSON.stringify(privateJwk), CORS_ALLOWED_ORIGINS: `${WEB_ORIGIN}, ${DEV_ORIGIN}`, GATEWAY_MAX_ACCESS_TOKEN_TTL_SECONDS: '900' },
    });
  });
  afterAll(async () => {
    for (const gateway of extra) await gateway.close();
    await platform?.close();
  });

  describe('cost: screen queries pass, runaway ones are refused with the estimate', () => {
    it('the catalogue with forms at services(first: 100)', async () => {
      const response = await platform.gql(CATALOGUE_WITH_FORMS, { first: 100 });
      expect(response.errors).toBeUndefined();
      expect(response.data.services.edges.length).toBeGreaterThan(0);
    });

    it('a catalogue written with one fragment per type, as Apollo Client writes it', async () => {
      const response = await platform.gql(FRAGMENT_PER_TYPE_CATALOGUE);
      expect(response.errors).toBeUndefined();
      expect(response.data.services.edges[0].node.__typename).toBe('Service');
    });

    it("the officer queue at 100 rows with applicant, service and accrual", async () => {
      const officer = await platform.login('officer.grs@portal.kg', 'Officer2026!');
      const response = await platform.gql(OFFICER_QUEUE, { first: 100 }, { token: officer });
      expect(response.errors).toBeUndefined();
    });

    it('a query nesting lists to millions of rows: 400, "operation too expensive: estimated N, limit M"', async () => {
      const response = await platform.gql('{ services(first: 100) { edges { node { provider { services { provider { services { provider { services { id } } } } } } } } } }');
      expect(response.status).toBe(400);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.errors![0].message).toMatch(new RegExp(`^operation too expensive: estimated \\d{7,}, limit ${OPERATION_LIMITS.maxCost}$`));
    });

    it('a page size passed in a variable counts at its value', async () => {
      const query = 'query($n: Int) { services(first: $n) { edges { node { provider { services { form { steps { fields { name } } } } } } } } }';
      const refused = await platform.gql(query, { n: 100 });
      expect(refused.status).toBe(400);
      expect(refused.errors![0].message).toMatch(/^operation too expensive: estimated \d+, limit \d+$/);
      const small = await platform.gql(query, { n: 2 });
      expect(small.errors).toBeUndefined();
    });
  });

  describe('CORS', () => {
    const preflight = (origin: string, headers = 'authorization, content-type, accept-language, apollo-require-preflight, x-request-id') =>
      fetch(platform.gatewayUrl, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });

    it('answers the preflight of a configured origin with 204 and the grants the clients need', async () => {
      for (const origin of [WEB_ORIGIN, DEV_ORIGIN]) {
        const response = await preflight(origin);
        expect(response.status).toBe(204);
        expect(response.headers.get('access-control-allow-origin')).toBe(origin);
        expect(response.headers.get('access-control-allow-credentials')).toBe('true');
        expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
        const allowed = response.headers.get('access-control-allow-headers')!.split(/,\s*/);
        expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'accept-language', 'apollo-require-preflight', 'x-request-id']));
        expect(response.headers.get('vary')).toMatch(/Origin/);
      }
    });

    it('grants nothing to an origin not on the list, on the preflight and on the request', async () => {
      for (const origin of ['https://evil.example', 'http://localhost:4000.evil.example', 'null']) {
        const response = await preflight(origin);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
        const request = await fetch(platform.gatewayUrl, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
        expect(request.headers.get('access-control-allow-origin')).toBeNull();
        expect(request.headers.get('access-control-allow-credentials')).toBeNull();
      }
    });

    it('grants the configured origin on the actual request, with credentials', async () => {
      const response = await fetch(platform.gatewayUrl, { method: 'POST', headers: { origin: WEB_ORIGIN, 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(WEB_ORIGIN);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    });
  });

  describe('security headers', () => {
    const expectSecurityHeaders = (response: Response) => {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(response.headers.get('x-powered-by')).toBeNull();
    };

    it('on every answer of the gateway, /graphql never cached, no HSTS over plain HTTP', async () => {
      const graphql = await fetch(platform.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      expectSecurityHeaders(graphql);
      expect(graphql.headers.get('cache-control')).toBe('no-store');
      expect(graphql.headers.get('strict-transport-security')).toBeNull();
      const refused = await fetch(platform.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
      expectSecurityHeaders(refused);
      expect(refused.headers.get('cache-control')).toBe('no-store');
      for (const path of ['/health', '/nowhere']) expectSecurityHeaders(await fetch(platform.gatewayUrl.replace(/\/graphql$/, path)));
    });

    it("on the subgraphs' extra routes (downloads) and health", async () => {
      expectSecurityHeaders(await fetch(`${platform.subgraphs.applications.url}/files/applications/documents/DOC-0000-000000`));
      expectSecurityHeaders(await fetch(`${platform.subgraphs.payments.url}/health`));
    });

    it('Strict-Transport-Security when configured for TLS', async () => {
      const gateway = await replica({ hstsMaxAgeSeconds: 31_536_000 });
      const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    });
  });

  describe('access-token lifetime', () => {
    const me = (token: string) => platform.gql('{ me { id } }', {}, { token });

    it('accepts a token of identity’s lifetime (600 s), signed by identity’s key', async () => {
      const response = await me(await signAccessToken({}));
      expect(response.errors).toBeUndefined();
      expect(response.data.me.id).toBe(DEMO_USERS.CITIZEN_AIGUL);
    });

    it.each([
      ['lives longer than the maximum (one hour)', { exp: Math.floor(Date.now() / 1000) + 3600 }, /lives 3\d{3} s, longer than the 900 s/],
      ['lives a year', { exp: Math.floor(Date.now() / 1000) + 365 * 86400 }, /longer than the 900 s/],
      ['has no exp', { exp: null }, /no expiry or issue time/],
      ['has no iat', { iat: null }, /no expiry or issue time/],
      ['is issued in the future', { iat: Math.floor(Date.now() / 1000) + 86400, exp: Math.floor(Date.now() / 1000) + 86400 + 600 }, /issued in the future/],
    ])('refuses a genuinely signed token that %s: UNAUTHENTICATED, 401', async (_what, claims, message) => {
      const response = await me(await signAccessToken(claims));
      expect(response.status).toBe(401);
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.errors![0].message).toMatch(message);
    });
  });

  describe('schema hints', () => {
    it('are stripped in production: validation and variable errors say what is wrong, not what exists', async () => {
      const gateway = await replica({ hideSchemaDetails: true });
      const send = async (query: string, variables?: Record<string, unknown>) => {
        const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
        return (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      };
      const field = await send('{ providers { cod } }');
      expect(field.errors[0].message).toMatch(/Cannot query field "cod"/);
      const variable = await send('mutation($input: LoginInput!) { login(input: $input) { accessToken } }', { input: { logi: 'x', password: 'y' } });
      expect(variable.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      for (const error of [...field.errors, ...variable.errors]) expect(error.message).not.toMatch(/Did you mean/);
    });

    it('are kept in development', async () => {
      const response = await platform.gql('{ providers { cod } }');
      expect(response.errors![0].message).toMatch(/Did you mean "code"/);
    });
  });
});
