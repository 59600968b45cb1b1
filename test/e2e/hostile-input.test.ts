import { CALLER_HEADER, DEMO_USERS, signCallerToken, TEST_INTERNAL_SECRET, testCaller } from '@portal/kit';
import type { SubgraphName } from '@portal/schema';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { subscribe } from '../support/subscriptions';

const SERVICE_ID = '7c1e2d3a-4b5c-4d6e-8f70-000000000201';
const SOME_APPLICATION = '0b5e8a3c-1d2f-4e6a-9b7c-000000000999';
const SAVE_DRAFT = 'mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id } }';

/** JSON text nested `depth` levels (written out: JSON.stringify itself overflows on such values). */
const deepJsonText = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const draftBody = (dataJson: string) => `{"query":${JSON.stringify(SAVE_DRAFT)},"variables":{"input":{"serviceId":"${SERVICE_ID}","data":${dataJson}}}}`;
const deepLiteral = (depth: number) => `${'{ a: '.repeat(depth)}1${' }'.repeat(depth)}`;
const chainedFragments = (count: number) =>
  `query { ...F0 }\n${Array.from({ length: count }, (_, i) => `fragment F${i} on Query { ...F${i + 1} }`).join('\n')}\nfragment F${count} on Query { __typename }`;


interface HostileCase {
  name: string;
  /** The subgraph that would run it, to send it there directly too. */
  subgraph: SubgraphName;
  query: string;
  variables?: Record<string, unknown>;
  /** The raw body, when JSON.stringify cannot write it (a __proto__ key). */
  rawBody?: string;
  message: RegExp;
}

const CASES: HostileCase[] = [
  { name: 'a NUL byte in login', subgraph: 'identity', query: 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }', variables: { input: { login: 'aigul@example.kg\u0000', password: 'x' } }, message: /"\$input\.login" contains the control character U\+0000/ },
  { name: 'a NUL byte in a login literal', subgraph: 'identity', query: 'mutation { login(input: { login: "aigul\\u0000", password: "x" }) { accessToken } }', message: /argument "input" contains the control character U\+0000/ },
  { name: 'a NUL byte in verifyDocument', subgraph: 'applications', query: 'query($n: String!) { verifyDocument(number: $n) { valid } }', variables: { n: 'DOC-2026-\u0000' }, message: /"\$n" contains the control character/ },
  { name: 'a NUL byte in rateApplication.comment', subgraph: 'applications', query: `mutation($c: String) { rateApplication(applicationId: "${SOME_APPLICATION}", score: 5, comment: $c) { id } }`, variables: { c: 'good\u0000' }, message: /"\$c" contains the control character/ },
  { name: 'an escape sequence in fileAppeal.text', subgraph: 'applications', query: `mutation($t: String!) { fileAppeal(applicationId: "${SOME_APPLICATION}", text: $t) { id } }`, variables: { t: 'appeal \u001b[2J' }, message: /"\$t" contains the control character U\+001B/ },
  { name: 'a NUL byte in saveDraft.idempotencyKey', subgraph: 'applications', query: SAVE_DRAFT, variables: { input: { serviceId: SERVICE_ID, data: {}, idempotencyKey: 'k\u0000' } }, message: /"\$input\.idempotencyKey" contains the control character/ },
  { name: '5,000-deep JSON in saveDraft.data', subgraph: 'applications', query: SAVE_DRAFT, rawBody: draftBody(deepJsonText(5000)), message: /nests too deeply: at most \d+ levels/ },
  { name: '100,000-deep JSON in saveDraft.data', subgraph: 'applications', query: SAVE_DRAFT, rawBody: draftBody(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), message: /nests too deeply|too large/ },
  { name: '5,000-deep JSON in a registerSigningKey literal', subgraph: 'identity', query: `mutation { registerSigningKey(publicKeyJwk: ${deepLiteral(5000)}) { id } }`, message: /nests too deeply|too large/ },
  { name: 'a constructor key in saveDraft.data', subgraph: 'applications', query: SAVE_DRAFT, variables: { input: { serviceId: SERVICE_ID, data: { constructor: 'x' } } }, message: /the key "constructor" is not accepted/ },
  { name: 'a __proto__ key in saveDraft.data', subgraph: 'applications', query: SAVE_DRAFT, rawBody: draftBody('{"__proto__":{"isAdmin":true}}'), message: /the key "__proto__" is not accepted/ },
  { name: 'a constructor key in a saveDraft.data literal', subgraph: 'applications', query: `mutation { saveDraft(input: { serviceId: "${SERVICE_ID}", data: { prototype: 1 } }) { id } }`, message: /the key "prototype" is not accepted/ },
  { name: 'a NUL byte in the catalogue search', subgraph: 'catalog', query: 'query($q: String) { services(filter: { search: $q }) { totalCount } }', variables: { q: 'свидетельство\u0000' }, message: /"\$q" contains the control character/ },
  { name: 'a control character in markNotificationsRead ids', subgraph: 'notifications', query: 'mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }', variables: { ids: ['x\u0008'] }, message: /"\$ids\[0\]" contains the control character U\+0008/ },
  { name: 'a NUL byte in startPayment', subgraph: 'payments', query: 'mutation { startPayment(accrualId: "a\\u0000") { paymentUrl } }', message: /argument "accrualId" contains the control character U\+0000/ },
  { name: '5,000-deep JSON in validateApplicationData', subgraph: 'applications', query: 'query($d: JSON!) { validateApplicationData(serviceId: "7c1e2d3a-4b5c-4d6e-8f70-000000000201", data: $d) { field } }', rawBody: `{"query":"query($d: JSON!) { validateApplicationData(serviceId: \\"${SERVICE_ID}\\", data: $d) { field } }","variables":{"d":${deepJsonText(5000)}}}`, message: /nests too deeply/ },
  { name: 'a constructor key in a registerSigningKey JWK', subgraph: 'identity', query: 'mutation($k: JSON!) { registerSigningKey(publicKeyJwk: $k) { id } }', variables: { k: { kty: 'EC', crv: 'P-256', constructor: { name: 'x' } } }, message: /the key "constructor" is not accepted/ },
  { name: '4,000 chained fragments', subgraph: 'catalog', query: chainedFragments(4000), message: /too many fragments|too large/ },
];

interface Answer {
  status: number;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, ...(JSON.parse(text) as { errors?: Answer['errors'] }) };
}

describe('hostile input never breaks the platform', () => {
  let platform: TestPlatform;
  let citizen: string;
  let callerToken: string;
  beforeAll(async () => {
    platform = await startTestPlatform();
    citizen = await platform.login('aigul@example.kg', 'Citizen2026!');
    callerToken = await signCallerToken(testCaller({ userId: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN'] }), TEST_INTERNAL_SECRET);
  });
  afterAll(async () => {
    await platform?.close();
  });

  describe.each(CASES)('$name', ({ subgraph, query, variables, rawBody, message }) => {
    const body = () => rawBody ?? JSON.stringify({ query, variables });

    it('through the gateway: BAD_USER_INPUT with HTTP 400 and a message naming what to fix', async () => {
      // anonymous, no language: the English message (a signed-in user gets theirs, see below)
      const answer = await post(platform.gatewayUrl, body(), {});
      expect(answer.status).toBe(400);
      expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(answer.errors?.[0].message).toMatch(message);
      const signedIn = await post(platform.gatewayUrl, body(), { authorization: `Bearer ${citizen}` });
      expect({ status: signedIn.status, codes: signedIn.errors?.map((e) => e.extensions?.code) }).toEqual({ status: 400, codes: ['BAD_USER_INPUT'] });
    });

    it(`directly at the ${subgraph} subgraph with a caller token: BAD_USER_INPUT, never 5xx`, async () => {
      const answer = await post(`${platform.subgraphs[subgraph].url}/graphql`, body(), { [CALLER_HEADER]: callerToken });
      expect(answer.status).toBeLessThan(500);
      expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('over WebSocket (subscriptions), the same limits', () => {
    it.each([
      ['too many fragments', `subscription { myApplicationUpdates { ...F0 } }\n${Array.from({ length: 150 }, (_, i) => `fragment F${i} on ApplicationStatusEvent { ...F${i + 1} }`).join('\n')}\nfragment F150 on ApplicationStatusEvent { to }`, /too many fragments/],
      ['a control character in a literal', 'subscription { applicationStatusChanged(applicationId: "a\\u0000") { to } }', /control character U\+0000/],
      ['a selection too expensive', 'subscription { myApplicationUpdates { application { service { provider { services { provider { services { provider { services { id } } } } } } } } } }', /^operation too expensive: estimated \d+, limit \d+$/],
    ])('refuses %s', async (_what, query, message) => {
      const subscriber = subscribe(platform.gatewayUrl, query, { token: citizen });
      await subscriber.waitFor(() => subscriber.errors.length > 0);
      const messages = (subscriber.errors as Array<{ message?: string }[] | { message?: string }>).flat().map((e) => e.message);
      expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
      await subscriber.dispose();
    });
  });

  it("answers in the user's language: the signed-in user's preference, or the client's Accept-Language", async () => {
    const nul = JSON.stringify({ query: 'query($q: String) { services(filter: { search: $q }) { totalCount } }', variables: { q: 'справка\u0000' } });
    // Aigul prefers Kyrgyz
    const kyrgyz = await post(platform.gatewayUrl, nul, { authorization: `Bearer ${citizen}` });
    expect(kyrgyz.errors?.[0].message).toBe('"$q" U+0000 башкаруучу белгисин камтыйт; аны өчүрүңүз (табуляция, сап которуу жана каретканы кайтаруу гана кабыл алынат).');
    const russian = await post(platform.gatewayUrl, nul, { authorization: `Bearer ${citizen}`, 'accept-language': 'ru-RU,ru;q=0.9' });
    expect(russian.errors?.[0].message).toBe('"$q" содержит управляющий символ U+0000; удалите его (допускаются только табуляция, перевод строки и возврат каретки).');
    // refused before parsing: the client's Accept-Language is all that is known
    const fragments = await post(platform.gatewayUrl, JSON.stringify({ query: chainedFragments(4000) }), { 'accept-language': 'ru' });
    expect(fragments.status).toBe(400);
    expect(fragments.errors?.[0].message).toMatch(/^(В операции слишком много фрагментов|Операция слишком большая)/);
  });

  it('the platform still answers ordinary requests afterwards (nothing crashed)', async () => {
    const answer = await platform.gql('mutation($input: SaveDraftInput!) { saveDraft(input: $input) { id status } }', { input: { serviceId: SERVICE_ID, data: { issuedFor: 'self' } } }, { token: citizen });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.saveDraft.status).toBe('DRAFT');
    const search = await platform.gql('query($q: String) { services(filter: { search: $q }) { totalCount } }', { q: 'свидетельство\n' });
    expect(search.errors).toBeUndefined();
  });
});
