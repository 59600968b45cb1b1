import { type Caller, DEMO_PROVIDERS, DEMO_USERS, startTestSubgraph, type TestSubgraph } from '@portal/kit';
import { exportJWK, generateKeyPair } from 'jose';
import { createCatalogSubgraph } from '../index';

const ANONYMOUS: Partial<Caller> = {};
const CITIZEN: Partial<Caller> = { userId: DEMO_USERS.CITIZEN_AIGUL, roles: ['CITIZEN'] };
const STS_OFFICER: Partial<Caller> = { userId: DEMO_USERS.OFFICER_STS, roles: ['PROVIDER_OFFICER'], providerId: DEMO_PROVIDERS.STS };
const OPERATOR: Partial<Caller> = { userId: DEMO_USERS.OPERATOR, roles: ['OPERATOR'] };

const ENDPOINT = 'http://127.0.0.1:4111/deliveries';
const CONFIGURE = `mutation($providerId: ID!, $endpointUrl: String!, $jwk: JSON!) {
  configureProviderEdms(providerId: $providerId, endpointUrl: $endpointUrl, publicKeyJwk: $jwk) { id code channel edmsEndpointUrl }
}`;

let subgraph: TestSubgraph;
let publicJwk: Record<string, unknown>;
let privateJwk: Record<string, unknown>;

beforeAll(async () => {
  subgraph = await startTestSubgraph(createCatalogSubgraph(), { seed: true });
  const pair = await generateKeyPair('ES256', { extractable: true });
  publicJwk = { ...(await exportJWK(pair.publicKey)) };
  privateJwk = { ...(await exportJWK(pair.privateKey)) };
});

afterAll(async () => {
  await subgraph?.close();
});

const configure = (caller: Partial<Caller>, variables: Record<string, unknown> = {}) =>
  subgraph.request<{ configureProviderEdms: { id: string; code: string; channel: string; edmsEndpointUrl: string | null } }>(
    CONFIGURE,
    { providerId: DEMO_PROVIDERS.GRS, endpointUrl: ENDPOINT, jwk: publicJwk, ...variables },
    caller,
  );

async function channelRows(providerId: string) {
  return subgraph.orm.em.fork().execute<Array<{ version: number; channel: string; changed_by: string }>>(
    `select version, channel, changed_by from "catalog".provider_channel_change where provider_id = ? order by version`,
    [providerId],
  );
}

async function channelEvents(providerId: string) {
  return subgraph.orm.em.fork().execute<Array<{ aggregate_version: number; payload: Record<string, unknown> }>>(
    `select aggregate_version, payload from "catalog".outbox where type = 'ProviderChannelConfigured' and aggregate_id = ? order by aggregate_version`,
    [providerId],
  );
}

describe('configureProviderEdms: who may', () => {
  it.each([
    ['anonymous', ANONYMOUS, 'UNAUTHENTICATED'],
    ['a citizen', CITIZEN, 'FORBIDDEN'],
    ["the provider's own officer", STS_OFFICER, 'FORBIDDEN'],
  ])('refuses %s, changing nothing', async (_who, caller, code) => {
    const result = await configure(caller, { providerId: DEMO_PROVIDERS.STS });
    expect(result.errors?.[0].extensions?.code).toBe(code);
    expect(await channelRows(DEMO_PROVIDERS.STS)).toEqual([]);
  });

  it('refuses configureProviderPortal to an officer', async () => {
    const result = await subgraph.request(`mutation($id: ID!) { configureProviderPortal(providerId: $id) { channel } }`, { id: DEMO_PROVIDERS.STS }, STS_OFFICER);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('hides the endpoint from everyone but the operator', async () => {
    const result = await subgraph.request<{ providers: Array<{ code: string; channel: string; edmsEndpointUrl: string | null }> }>(
      '{ providers { code channel edmsEndpointUrl } }',
      {},
      CITIZEN,
    );
    expect(result.data!.providers.every((p) => p.edmsEndpointUrl === null && p.channel === 'PORTAL')).toBe(true);
  });
});

describe('configureProviderEdms: bad input', () => {
  it('refuses a private key with a clear message', async () => {
    const result = await configure(OPERATOR, { jwk: privateJwk });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toContain('private key material ("d")');
  });

  it.each([
    ['plain http to another host', 'http://edms.grs.kg/in', 'loopback'],
    ['not a URL', 'edms', 'absolute URL'],
    ['another scheme', 'ftp://edms.grs.kg/in', 'https'],
  ])('refuses an endpoint that is %s', async (_what, endpointUrl, message) => {
    const result = await configure(OPERATOR, { endpointUrl });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toContain(message);
  });

  it('refuses a key that is not EC P-256, RSA or Ed25519', async () => {
    const result = await configure(OPERATOR, { jwk: { kty: 'oct', k: 'c2VjcmV0' } });
    expect(result.errors?.[0].message).toContain('private key material');
    const other = await configure(OPERATOR, { jwk: { kty: 'EC', crv: 'P-521', x: 'a', y: 'b' } });
    expect(other.errors?.[0].message).toContain('P-256');
  });

  it('names an unknown provider', async () => {
    const result = await configure(OPERATOR, { providerId: '00000000-0000-4000-8000-000000000000' });
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses plain http even to loopback in production', async () => {
    const production = await startTestSubgraph(createCatalogSubgraph({ production: true }), { seed: true });
    try {
      const result = await production.request(CONFIGURE, { providerId: DEMO_PROVIDERS.GRS, endpointUrl: ENDPOINT, jwk: publicJwk }, OPERATOR);
      expect(result.errors?.[0].message).toContain('https in production');
    } finally {
      await production.close();
    }
  });
});

describe('configureProviderEdms: the operator', () => {
  it('moves a provider to its EDMS with history and one outbox event; the same again records nothing', async () => {
    const first = await configure(OPERATOR);
    expect(first.errors).toBeUndefined();
    expect(first.data!.configureProviderEdms).toEqual({ id: DEMO_PROVIDERS.GRS, code: 'GRS', channel: 'EDMS', edmsEndpointUrl: ENDPOINT });
    const again = await configure(OPERATOR);
    expect(again.data!.configureProviderEdms.channel).toBe('EDMS');

    expect(await channelRows(DEMO_PROVIDERS.GRS)).toEqual([{ version: 1, channel: 'EDMS', changed_by: DEMO_USERS.OPERATOR }]);
    const events = await channelEvents(DEMO_PROVIDERS.GRS);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ providerCode: 'GRS', channel: 'EDMS', endpointUrl: ENDPOINT, version: 1, publicKeyJwk: { kty: 'EC', crv: 'P-256', x: publicJwk.x } });
    expect(events[0].payload.publicKeyJwk).not.toHaveProperty('d');
  });

  it('moves it back to the portal, recorded as the next version', async () => {
    const result = await subgraph.request<{ configureProviderPortal: { channel: string } }>(
      `mutation($id: ID!) { configureProviderPortal(providerId: $id) { channel } }`,
      { id: DEMO_PROVIDERS.GRS },
      OPERATOR,
    );
    expect(result.data!.configureProviderPortal.channel).toBe('PORTAL');
    expect((await channelRows(DEMO_PROVIDERS.GRS)).map((row) => row.channel)).toEqual(['EDMS', 'PORTAL']);
    const events = await channelEvents(DEMO_PROVIDERS.GRS);
    expect(events.map((e) => [e.aggregate_version, e.payload.channel, e.payload.endpointUrl])).toEqual([
      [1, 'EDMS', ENDPOINT],
      [2, 'PORTAL', null],
    ]);
  });
});

const APPEAL_BODY = `mutation($providerId: ID!, $appealBodyId: ID) {
  configureProviderAppealBody(providerId: $providerId, appealBodyId: $appealBodyId) { id code appealBody { id code } }
}`;

async function appealBodyEvents(providerId: string) {
  return subgraph.orm.em.fork().execute<Array<{ aggregate_version: number; payload: Record<string, unknown> }>>(
    `select aggregate_version, payload from "catalog".outbox where type = 'ProviderAppealBodyConfigured' and aggregate_id = ? order by aggregate_version`,
    [providerId],
  );
}

describe('configureProviderAppealBody (R-37, R-38)', () => {
  it.each([
    ['anonymous', ANONYMOUS, 'UNAUTHENTICATED'],
    ['a citizen', CITIZEN, 'FORBIDDEN'],
    ["the provider's own officer", STS_OFFICER, 'FORBIDDEN'],
  ])('refuses %s, changing nothing', async (_who, caller, code) => {
    const result = await subgraph.request(APPEAL_BODY, { providerId: DEMO_PROVIDERS.STS, appealBodyId: DEMO_PROVIDERS.MVD }, caller);
    expect(result.errors?.[0].extensions?.code).toBe(code);
    expect((await appealBodyEvents(DEMO_PROVIDERS.STS)).map((event) => event.aggregate_version)).toEqual([1]);
  });

  it('refuses a provider as its own appeal body, and an unknown body, in the caller\'s language', async () => {
    const itself = await subgraph.request(APPEAL_BODY, { providerId: DEMO_PROVIDERS.MINJUST, appealBodyId: DEMO_PROVIDERS.MINJUST }, { ...OPERATOR, preferredLanguage: 'RU' });
    expect(itself.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: 'Поставщик не может быть вышестоящим органом для самого себя: выберите другой орган, рассматривающий жалобы.' });
    const unknown = await subgraph.request(APPEAL_BODY, { providerId: DEMO_PROVIDERS.MINJUST, appealBodyId: '00000000-0000-4000-8000-000000000000' }, OPERATOR);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('the demo seed names MINJUST for STS; the operator changes it once, announcing it, and the same body again changes nothing', async () => {
    const seeded = await subgraph.request<{ providers: Array<{ code: string; appealBody: { code: string } | null }> }>('query { providers { code appealBody { code } } }', {}, ANONYMOUS);
    expect(seeded.data!.providers.find((provider) => provider.code === 'STS')!.appealBody).toEqual({ code: 'MINJUST' });
    const changed = await subgraph.request<{ configureProviderAppealBody: { appealBody: { code: string } } }>(APPEAL_BODY, { providerId: DEMO_PROVIDERS.STS, appealBodyId: DEMO_PROVIDERS.MVD }, OPERATOR);
    expect(changed.data!.configureProviderAppealBody.appealBody).toEqual({ id: DEMO_PROVIDERS.MVD, code: 'MVD' });
    await subgraph.request(APPEAL_BODY, { providerId: DEMO_PROVIDERS.STS, appealBodyId: DEMO_PROVIDERS.MVD }, OPERATOR);
    const events = await appealBodyEvents(DEMO_PROVIDERS.STS);
    expect(events.map((event) => event.aggregate_version)).toEqual([1, 2]);
    expect(events[1].payload).toMatchObject({ providerId: DEMO_PROVIDERS.STS, version: 2, appealBody: { providerId: DEMO_PROVIDERS.MVD, code: 'MVD' }, changedBy: DEMO_USERS.OPERATOR });
  });
});
